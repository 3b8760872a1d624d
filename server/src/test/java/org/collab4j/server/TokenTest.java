package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a token configured, write and admin endpoints need it; reads never do. */
class TokenTest {
    static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void writeAndAdminEndpointsNeedTheBearerToken(@TempDir Path dir) throws Exception {
        Path file = TestModels.write(TestModels.small(20, 3), dir.resolve("m.c4j"));
        try (Server s = Server.start(new ServerConfig(file, "127.0.0.1", 0, null, TOKEN))) {
            Http http = new Http(s.port());
            String body = "[{\"item\":\"1\",\"rating\":4}]";
            for (String path : new String[] {"/v1/users/t1/ratings", "/v1/admin/reload", "/v1/users"}) {
                Http.Reply r = http.post(path, body);
                assertThat(r.status()).as(path).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
            }
            http.token = "wrong-token-0123456789";
            assertThat(http.post("/v1/users/t1/ratings", body).json().get("error").asText()).contains("not valid");
            assertThat(http.post("/v1/admin/reload", "").status()).isEqualTo(401);
            assertThat(http.post("/v1/users", "{\"id\":\"t2\",\"genres\":[\"Drama\"]}").status()).isEqualTo(401);
            assertThat(s.store().count()).isZero();
            assertThat(s.store().statedUsers()).isEmpty();
            http.token = TOKEN;
            assertThat(http.post("/v1/users/t1/ratings", body).status()).isEqualTo(200);
            assertThat(http.post("/v1/users", "{\"id\":\"t2\",\"genres\":[\"Drama\"]}").status()).isEqualTo(201);
            assertThat(http.post("/v1/admin/reload", "").status()).isEqualTo(200);
            http.token = null;
            assertThat(http.get("/v1/users/t1/recommendations").status()).isEqualTo(200);
            assertThat(http.get("/v1/users/t2/recommendations").status()).isEqualTo(200);
            assertThat(http.get("/v1/onboarding").status()).isEqualTo(200);
            assertThat(http.get("/v1/items?q=star").status()).isEqualTo(200);
            assertThat(http.get("/health").status()).isEqualTo(200);
        }
    }
}
