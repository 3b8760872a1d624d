package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The --json writer gives exactly the text of Jackson's ObjectMapper with INDENT_OUTPUT. */
class ConsoleTest {
    @Test
    void jsonTextIsTheObjectMappersIndentedOutput() throws Exception {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model", "dot-bias");
        o.put("n_train", 80000);
        o.put("big", 1L << 40);
        o.put("short", (short) 7);
        o.put("rmse", 0.8987601300466346);
        o.put("tiny", 1e-300);
        o.put("f", 0.1f);
        o.put("ok", true);
        o.putNull("valid_loss");
        o.put("quote", "a \"b\"\n\tc é");
        o.put("bi", new BigInteger("123456789012345678901234567890"));
        o.put("bd", new BigDecimal("1.2345678901234567890"));
        o.putArray("empty");
        o.putObject("none");
        var epochs = o.putArray("epochs");
        epochs.addObject().put("epoch", 0).put("seconds", 0.13);
        epochs.addObject().put("epoch", 1).putNull("valid_loss");
        epochs.add(3).add("x").addArray().add(1.5);
        o.putObject("config").put("lr", "0.005").putObject("nested").put("k", -2);

        String expected = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        assertThat(Console.toJson(o)).isEqualTo(expected);
    }

    @Test
    void nodesWithoutAPlainJsonFormAreRefused() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putPOJO("p", new Object());
        assertThatThrownBy(() -> Console.toJson(o)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POJO");
    }
}
