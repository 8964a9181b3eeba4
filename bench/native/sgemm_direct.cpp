// sgemm GFLOP/s with OpenBLAS called directly from C++: the baseline for SgemmJniBench.
//
// Built by bench/run-throughput.sh against the headers and libopenblas.so.0 unpacked from the
// org.bytedeco:openblas preset jar (the library Ams and the JNI benchmark load), never a
// system BLAS. Same protocol as the JMH benchmark: C = A * B, row-major, no transposes,
// alpha 1, beta 0, off-heap float buffers; per (shape, threads): 3 warm-up iterations of 1 s,
// then 5 measured iterations of 1 s; GFLOP/s = 2*M*N*K / mean time per call.
//
// usage: sgemm_direct [MxNxK ...] [--threads 1,2]     prints one JSON line per case
//        sgemm_direct --clock                          measured core clock (dependent adds)
#include <cblas.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" {
void openblas_set_num_threads(int);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
char* openblas_get_corename(void);
}

using clk = std::chrono::steady_clock;

static double seconds_since(clk::time_point t0) {
    return std::chrono::duration<double>(clk::now() - t0).count();
}

// One iteration = 20 dependent 1-cycle adds, so the loop runs at 20 cycles per iteration
// whatever the front end does with the loop overhead.
static double measure_clock_ghz() {
    const uint64_t iters = 100000000;  // 2e9 cycles: under a second at >2 GHz
    double best = 0;
    for (int rep = 0; rep < 3; rep++) {
        uint64_t x = 0;
        auto t0 = clk::now();
        for (uint64_t i = 0; i < iters; i++) {
            asm volatile(
                "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
                : "+r"(x));
        }
        double s = seconds_since(t0);
        double ghz = 20.0 * iters / s / 1e9;
        if (ghz > best) best = ghz;
    }
    return best;
}

struct Shape { int m, n, k; };

int main(int argc, char** argv) {
    std::vector<Shape> shapes;
    std::vector<int> threads = {1, 2};
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--clock") {
            std::printf("{\"measured_clock_ghz\": %.3f}\n", measure_clock_ghz());
            return 0;
        } else if (a == "--threads" && i + 1 < argc) {
            threads.clear();
            for (char* p = std::strtok(argv[++i], ","); p; p = std::strtok(nullptr, ",")) threads.push_back(std::atoi(p));
        } else {
            Shape s{};
            if (std::sscanf(a.c_str(), "%dx%dx%d", &s.m, &s.n, &s.k) != 3) {
                std::fprintf(stderr, "bad shape %s (want MxNxK)\n", a.c_str());
                return 2;
            }
            shapes.push_back(s);
        }
    }
    if (shapes.empty()) shapes = {{128, 256, 784}, {512, 512, 512}};

    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (const Shape& s : shapes) {
        std::vector<float> a((size_t)s.m * s.k), b((size_t)s.k * s.n), c((size_t)s.m * s.n);
        for (float& v : a) v = u(rng);
        for (float& v : b) v = u(rng);
        for (int t : threads) {
            openblas_set_num_threads(t);
            auto call = [&] {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.m, s.n, s.k, 1.f, a.data(), s.k,
                            b.data(), s.n, 0.f, c.data(), s.n);
            };
            // JMH-like: iterations of >= 1 s; 3 warm-up, 5 measured; mean time per call
            double total_s = 0;
            long total_calls = 0;
            for (int it = 0; it < 8; it++) {
                long calls = 0;
                auto t0 = clk::now();
                double el;
                do { call(); calls++; } while ((el = seconds_since(t0)) < 1.0);
                if (it >= 3) { total_s += el; total_calls += calls; }
            }
            double per_call = total_s / total_calls;
            double gflops = 2.0 * s.m * s.n * s.k / per_call / 1e9;
            std::printf("{\"impl\": \"c++ direct\", \"m\": %d, \"n\": %d, \"k\": %d, \"threads\": %d, "
                        "\"openblas_threads\": %d, \"us_per_call\": %.3f, \"gflops\": %.3f, "
                        "\"corename\": \"%s\", \"config\": \"%s\"}\n",
                        s.m, s.n, s.k, t, openblas_get_num_threads(), per_call * 1e6, gflops,
                        openblas_get_corename(), openblas_get_config());
            std::fflush(stdout);
        }
    }
    return 0;
}
