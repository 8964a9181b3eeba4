// Test 4: determinism. The same spec, seed, data and thread count give bit-identical
// parameters, losses and checkpoints (dropout and batch-norm included); a different seed
// gives different ones; 2 BLAS threads are as reproducible as 1. Two networks trained at
// the same time on two std::threads (one with 1 BLAS thread, one with 2, sharing one
// ams_data) give exactly the results of training them one after the other: distinct
// ams_mlp objects do not interfere.
#include <thread>

#include "test_util.h"

namespace {

Spec spec() {
  Spec s;
  s.sizes = {10, 32, 16, 4};
  s.act = {AMS_ACT_RELU, AMS_ACT_TANH};
  s.drop = {0.25f, 0.0f};
  s.bn = {0, 1};
  s.init = AMS_INIT_HE;
  return s;
}

struct Result {
  std::vector<float> params;
  std::vector<double> losses;
  std::vector<uint8_t> state;
};

Result train(uint64_t seed, const ams_data* d, int threads, int epochs = 3) {
  MlpPtr m = make_mlp(spec(), seed);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_NESTEROV, 0.05f, 0.9f, 0, 0, 0, 1e-4f, 0));
  Result r;
  for (int e = 0; e < epochs; ++e) {
    double l = 0;
    OK(ams_mlp_train_epoch(m.get(), d, 24, threads, &l));
    r.losses.push_back(l);
  }
  r.params = params_of(m.get());
  r.state = state_of(m.get());
  return r;
}

bool same(const Result& a, const Result& b) {
  return a.params.size() == b.params.size() &&
         std::memcmp(a.params.data(), b.params.data(), a.params.size() * sizeof(float)) == 0 &&
         std::memcmp(a.losses.data(), b.losses.data(), a.losses.size() * sizeof(double)) == 0 &&
         a.state == b.state;
}

}  // namespace

int main() {
  DataPtr d = make_data(500, 10, 4, 0, 9);
  const Result a = train(42, d.get(), 1), b = train(42, d.get(), 1), c = train(43, d.get(), 1);
  CHECK(same(a, b), "same seed, 1 thread: runs differ");
  CHECK(!same(a, c), "different seeds gave identical runs");
  size_t diff = 0;
  for (size_t i = 0; i < a.params.size(); ++i) diff += a.params[i] != c.params[i];
  CHECK(diff > a.params.size() / 2, "different seeds: only %zu of %zu params differ", diff, a.params.size());
  const Result a2 = train(42, d.get(), 2), b2 = train(42, d.get(), 2);
  CHECK(same(a2, b2), "same seed, 2 threads: runs differ");
  std::printf("seed 42 twice: identical; seed 43: %zu/%zu params differ; 2 BLAS threads: identical\n", diff, a.params.size());

  // concurrent trainings of distinct objects on distinct threads (sharing one ams_data)
  Result p, q;
  std::thread t1([&] { p = train(42, d.get(), 1, 4); });
  std::thread t2([&] { q = train(43, d.get(), 2, 4); });
  t1.join();
  t2.join();
  const Result p0 = train(42, d.get(), 1, 4), q0 = train(43, d.get(), 2, 4);
  CHECK(same(p, p0), "concurrent run (seed 42, 1 thread) differs from the sequential one");
  CHECK(same(q, q0), "concurrent run (seed 43, 2 threads) differs from the sequential one");
  std::printf("two concurrent trainings reproduce their sequential results\n");
  return finish("nn_determinism_test");
}
