// Training throughput of the benchmark network 784-256-128-10 (ReLU, softmax CE, Adam
// lr 1e-3) on random Fashion-MNIST-shaped data. Not a test: prints numbers only.
//
//   build/native/nn_speed [batches_per_run=400] [threads...]
//
// GFLOP/s, two formulas:
//   nominal  = samples/s * 3 * ams_mlp_flops_per_sample / 1e9
//              (forward 2*sum(in*out) = 469,504 FLOP/sample; backward dW and dX each
//              counted as one more forward: 1,408,512 FLOP/sample)
//   executed = samples/s * 2 * (2*sum(in*out) + sum_{l>0}(in*out)) / 1e9
//              (the first layer's dX is never computed: 1,007,104 FLOP/sample)
#include <ams/nn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 400;
  std::vector<int> thread_list;
  for (int i = 2; i < argc; ++i) thread_list.push_back(std::atoi(argv[i]));
  if (thread_list.empty()) thread_list = {1, 2};
  const int d = 784, k = 10;
  const int64_t n_max = 512LL * 200;  // rows generated once
  std::vector<float> x(size_t(n_max) * d);
  std::vector<int32_t> y(n_max);
  uint64_t s = 42;
  for (auto& v : x) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; v = float((s >> 40) & 0xff) / 255.f; }
  for (auto& v : y) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; v = int32_t((s >> 33) % k); }
  std::printf("%s\n", ams_blas_config());
  const int32_t sizes[] = {784, 256, 128, 10};
  const int32_t act[] = {AMS_ACT_RELU, AMS_ACT_RELU};
  std::printf("%8s %8s %12s %16s %17s %10s\n", "threads", "batch", "samples/s", "GFLOP/s nominal", "GFLOP/s executed", "ms/batch");
  const double executed = 2.0 * (2.0 * (784 * 256 + 256 * 128 + 128 * 10) + (256 * 128 + 128 * 10));
  for (int threads : thread_list) {
    for (int bs : {32, 128, 512}) {
      // one epoch = `batches` batches: data of exactly batches*bs rows (capped)
      int64_t n = int64_t(bs) * batches;
      if (n > n_max) n = n_max;
      ams_data* data = ams_data_create(x.data(), n, d, y.data(), k, nullptr, 0);
      ams_mlp* m = ams_mlp_create(4, sizes, act, nullptr, nullptr, 0.f, AMS_LOSS_SOFTMAX_CE, AMS_INIT_HE, 7);
      if (!data || !m || ams_mlp_set_optimizer(m, AMS_OPT_ADAM, 1e-3f, 0, 0.9f, 0.999f, 1e-8f, 0, 0) != 0) {
        std::fprintf(stderr, "setup failed: %s\n", ams_last_error());
        return 1;
      }
      double loss;
      ams_mlp_train_epoch(m, data, bs, threads, &loss);  // warm-up (allocations, BLAS threads)
      double best = 1e30;
      for (int rep = 0; rep < 3; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        if (ams_mlp_train_epoch(m, data, bs, threads, &loss) != 0) {
          std::fprintf(stderr, "train failed: %s\n", ams_last_error());
          return 1;
        }
        double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (sec < best) best = sec;
      }
      const double sps = double(n) / best;
      const double gflops = sps * 3.0 * double(ams_mlp_flops_per_sample(m)) / 1e9;
      std::printf("%8d %8d %12.0f %16.1f %17.1f %10.3f\n", threads, bs, sps, gflops, sps * executed / 1e9,
                  1e3 * best / (double(n) / bs));
      ams_mlp_free(m);
      ams_data_free(data);
    }
  }
  return 0;
}
