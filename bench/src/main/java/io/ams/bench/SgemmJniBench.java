package io.ams.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sgemm through JNI: the OpenBLAS preset's own JavaCPP binding
 * ({@code org.bytedeco.openblas.global.openblas.cblas_sgemm}) on off-heap FloatPointer buffers,
 * C = A * B row-major, alpha 1, beta 0. Compare with bench/native/sgemm_direct.cpp (the same
 * library called from C++, same iteration protocol). GFLOP/s = 2*M*N*K / score.
 *
 * <pre>java -jar bench/target/benchmarks.jar SgemmJniBench
 * java -cp bench/target/benchmarks.jar io.ams.bench.SgemmJniBench   # prints the loaded OpenBLAS</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SgemmJniBench {
    /** MxNxK: our first layer's forward GEMM at batch 128 (128x784 by 784x256), and a square one. */
    @Param({"128x256x784", "512x512x512"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int m, n, k;
    private FloatPointer a, b, c;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        k = Integer.parseInt(p[2]);
        a = random((long) m * k, 1);
        b = random((long) k * n, 2);
        c = new FloatPointer((long) m * n);
        // the preset's wrapper over openblas_set_num_threads (the raw symbol is not bound)
        openblas.blas_set_num_threads(threads);
        if (openblas.blas_get_num_threads() != threads) {
            throw new IllegalStateException("OpenBLAS runs " + openblas.blas_get_num_threads() + " threads, wanted " + threads);
        }
    }

    private static FloatPointer random(long size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-1, 1);
        return new FloatPointer(v);
    }

    @Benchmark
    public void sgemm() {
        openblas.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, a, k, b, n, 0f, c, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    /**
     * Which OpenBLAS the binding loaded (a JSON line): the mapped library files (the preset's
     * libopenblas.so.0, extracted to JavaCPP's cache), its vendor code and default thread count.
     * The preset binds neither openblas_get_config nor openblas_get_corename; sgemm_direct
     * prints them for the same library file.
     */
    public static void main(String[] args) throws java.io.IOException {
        Loader.load(openblas.class);
        java.util.Set<String> libs = new java.util.TreeSet<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.contains("openblas")) libs.add(line.substring(slash));
        }
        StringBuilder sb = new StringBuilder("[");
        for (String l : libs) sb.append(sb.length() > 1 ? ", " : "").append(TrainThroughput.quote(l));
        System.out.println("{\"libraries\": " + sb.append(']') + ", \"vendor\": " + openblas.blas_get_vendor()
                + ", \"default_threads\": " + openblas.blas_get_num_threads() + "}");
    }
}
