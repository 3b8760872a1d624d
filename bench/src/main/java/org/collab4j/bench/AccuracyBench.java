package org.collab4j.bench;

import org.collab4j.data.*;
import org.collab4j.eval.*;
import org.collab4j.model.*;
import org.collab4j.algo.dotbias.DotProductBias;
import org.collab4j.kernel.*;
import org.collab4j.train.*;
import java.nio.file.*;
import java.util.*;
/**
 * dot-bias regularisation study on MovieLens 100k under fastai's protocol (50 factors, 5 epochs of
 * one-cycle at 5e-3, wd 0.1, batch 64): validation RMSE on random splits with seeds 42, 1, 2, 3 and
 * on fastai's own split, before and after {@code finish()}, for the Options given as system
 * properties. Figures and the variants tried: docs/notes/dot-bias-accuracy.md.
 *
 *   mvn -B -ntp -q -pl core,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar -Dtag=D -Dwarm=true org.collab4j.bench.AccuracyBench
 *
 * Reads $COLLAB4J_DATA/ml-100k/u.data and $COLLAB4J_DATA/ml-100k-fastai-split/{train,valid}.data.
 */
public class AccuracyBench {
  static Ratings load(List<String> lines) {
    int n = lines.size(); int[] u = new int[n], it = new int[n]; float[] v = new float[n];
    IdIndex ui = new IdIndex(), ii = new IdIndex();
    for (int r = 0; r < n; r++) { String[] f = lines.get(r).split("\t"); u[r]=ui.add(f[0]); it[r]=ii.add(f[1]); v[r]=Float.parseFloat(f[2]); }
    return new Ratings(u,it,v,null,ui,ii,new RatingScale(1,5));
  }
  // uniform or exponential average of the parameters over the last part of training
  static final class Avg implements Callback {
    final Param[] ps; final double from; final double decay; float[][] acc; long total, step, n;
    Avg(Param[] ps, double from, double decay) { this.ps=ps; this.from=from; this.decay=decay; }
    public void beforeFit(int e, int b) { total=(long)e*b; acc=new float[ps.length][]; for (int p=0;p<ps.length;p++) acc[p]=ps[p].value.clone(); }
    public void afterBatch(int e, int b, double lr, double loss) {
      step++; if (step < from*total) return; n++;
      float w = decay > 0 ? (float)(1-decay) : 1f/n; if (n==1) w=1f;
      for (int p=0;p<ps.length;p++){ float[] a=acc[p], v=ps[p].value; for (int j=0;j<a.length;j++) a[j]+= w*(v[j]-a[j]); }
      if (step==total) for (int p=0;p<ps.length;p++) System.arraycopy(acc[p],0,ps[p].value,0,acc[p].length);
    }
  }
  static double[] run(Ratings R, Split s) {
    float lo = Float.parseFloat(System.getProperty("lo","0")), hi = Float.parseFloat(System.getProperty("hi","5.5"));
    DotProductBias.Options o = System.getProperty("base","default").equals("fastai") ? DotProductBias.Options.fastaiExact() : DotProductBias.Options.defaults();
    if (System.getProperty("l2") != null) o = o.withFactorL2(Float.parseFloat(System.getProperty("l2")));
    if (System.getProperty("bl2") != null) o = o.withBiasL2(Float.parseFloat(System.getProperty("bl2")));
    if (System.getProperty("decayb") != null) o = o.withDecayBiases(Boolean.parseBoolean(System.getProperty("decayb")));
    if (System.getProperty("epsf") != null) o = o.withFactorEps(Double.parseDouble(System.getProperty("epsf")));
    if (System.getProperty("epsb") != null) o = o.withBiasEps(Double.parseDouble(System.getProperty("epsb")));
    DotProductBias m = new DotProductBias(R.numUsers(), R.numItems(), 50, new float[]{lo,hi}, 42, o);
    Learner L = new Learner(m, R, s, new Adam(0.99, Double.parseDouble(System.getProperty("eps","1e-5"))), 64, 1, 42);
    double af = Double.parseDouble(System.getProperty("avg","-1"));
    if (af >= 0) L.addCallback(new Avg(m.params(), af, Double.parseDouble(System.getProperty("ema","0"))));
    long t0=System.nanoTime();
    History h = L.fitOneCycle(5, 5e-3, 0.1);
    double secs=(System.nanoTime()-t0)/1e9;
    double se=0; for (int r : s.valid()) { double e = m.model().predict(R.user(r), R.item(r)) - R.value(r); se+=e*e; }
    return new double[]{Math.sqrt(h.last().validLoss()), Math.sqrt(se/s.valid().length), secs};
  }
  public static void main(String[] a) throws Exception {
    String env = System.getenv("COLLAB4J_DATA");
    Path data = Path.of(env != null ? env : System.getProperty("user.home") + "/.collab4j/data");
    Ratings R = load(Files.readAllLines(data.resolve("ml-100k/u.data")));
    List<String> fl = new ArrayList<>(Files.readAllLines(data.resolve("ml-100k-fastai-split/train.data")));
    int ntr = fl.size(); fl.addAll(Files.readAllLines(data.resolve("ml-100k-fastai-split/valid.data")));
    Ratings F = load(fl); int n=fl.size();
    int[] tr = new int[ntr], va = new int[n-ntr]; for (int r=0;r<n;r++) if (r<ntr) tr[r]=r; else va[r-ntr]=r;
    if (Boolean.getBoolean("warm")) run(R, Splits.random(R, 0.2, 7)); // JIT warm-up, not reported
    StringBuilder sb = new StringBuilder(); double sum=0, maxT=0;
    for (long seed : new long[]{42,1,2,3,-1}) {
      double[] x = seed < 0 ? run(F, new Split("fastai", tr, va)) : run(R, Splits.random(R, 0.2, seed));
      sb.append(String.format(" %s=%.4f/%.4f", seed<0?"fa":""+seed, x[0], x[1])); sum+=x[1]; maxT=Math.max(maxT,x[2]); sb.append(String.format("(%.2fs)", x[2]));
    }
    System.out.printf("%-40s%s mean=%.4f maxT=%.2fs%n", System.getProperty("tag",""), sb, sum/5, maxT);
  }
}
