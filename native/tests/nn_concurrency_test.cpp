// Stress test for issue #10: concurrent trainings must not change each other's results.
//
// Four different configurations (weight and neuron pruning, one-shot and gradual, different
// optimizers, batch sizes and BLAS thread counts 1 and 2) are trained the way the search
// trains a trial: epochs, evaluation after each, then pruning steps each followed by
// fine-tuning epochs (ams_mlp_set_optimizer again first, as Trainer.pruneAndFineTune does).
// Each is trained alone first; then all of them side by side on std::threads, several rounds,
// in two mixes: the four configurations as they are (1 and 2 BLAS threads at once), and all
// four at 1 BLAS thread (the search's workers = cores, threadsPerTrial = 1). Every
// concurrent run must reproduce its solo run bit for bit: losses, validation metrics,
// parameters and the checkpoint.
//
// The layers are wide enough (digits-like: 64 inputs, 96-160 units, batches of 64-128) that
// OpenBLAS really runs its 2-thread paths, whose sums round differently from 1 thread's: a
// BLAS thread count that leaks from one training into another shows up as different bits.
#include <atomic>
#include <chrono>
#include <thread>

#include "test_util.h"

namespace {

struct Config {
  const char* name;
  Spec spec;
  int32_t opt;
  float lr;
  int32_t batch;
  int32_t threads;
  int32_t epochs;
  int32_t prune_mode;
  std::vector<float> sparsity;  // per pruning step
  int32_t finetune;             // epochs after each step
  uint64_t seed;
};

Spec make_spec(std::vector<int32_t> sizes, std::vector<int32_t> act, std::vector<int32_t> bn,
               std::vector<float> drop) {
  Spec s;
  s.sizes = std::move(sizes);
  s.act = std::move(act);
  s.bn = std::move(bn);
  s.drop = std::move(drop);
  s.init = AMS_INIT_HE;
  return s;
}

std::vector<Config> configs() {
  return {
      {"weights-1shot/adam/t2", make_spec({64, 160, 96, 10}, {AMS_ACT_RELU, AMS_ACT_GELU}, {0, 1}, {0.1f, 0.f}),
       AMS_OPT_ADAM, 2e-3f, 128, 2, 2, AMS_PRUNE_WEIGHTS, {0.6f}, 2, 11},
      {"neurons-gradual/nesterov/t1", make_spec({64, 128, 10}, {AMS_ACT_TANH}, {0}, {0.f}),
       AMS_OPT_NESTEROV, 0.05f, 64, 1, 2, AMS_PRUNE_NEURONS, {0.3f, 0.5f}, 1, 12},
      {"weights-gradual/rmsprop/t2", make_spec({64, 128, 128, 10}, {AMS_ACT_LEAKY_RELU, AMS_ACT_RELU}, {1, 0}, {0.f, 0.2f}),
       AMS_OPT_RMSPROP, 1e-3f, 96, 2, 2, AMS_PRUNE_WEIGHTS, {0.4f, 0.7f}, 1, 13},
      {"neurons-1shot/adamw/t1", make_spec({64, 144, 10}, {AMS_ACT_SIGMOID}, {1}, {0.f}),
       AMS_OPT_ADAMW, 3e-3f, 128, 1, 2, AMS_PRUNE_NEURONS, {0.5f}, 2, 14},
  };
}

struct Run {
  std::vector<double> losses, metrics;
  std::vector<float> params;
  std::vector<uint8_t> state;
};

void set_opt(ams_mlp* m, const Config& c) {
  OK(ams_mlp_set_optimizer(m, c.opt, c.lr, 0.9f, 0.9f, 0.999f, 1e-8f, 1e-4f, 0.f));
}

void epoch(ams_mlp* m, const Config& c, const ams_data* train, const ams_data* val, int threads, Run& r) {
  double loss = 0, vloss = 0, metric = 0;
  OK(ams_mlp_train_epoch(m, train, c.batch, threads, &loss));
  OK(ams_mlp_evaluate(m, val, threads, &vloss, &metric));
  r.losses.push_back(loss);
  r.losses.push_back(vloss);
  r.metrics.push_back(metric);
}

Run train(const Config& c, const ams_data* train, const ams_data* val, int threads) {
  MlpPtr m = make_mlp(c.spec, c.seed);
  Run r;
  if (!m) return r;
  set_opt(m.get(), c);
  for (int e = 0; e < c.epochs; ++e) epoch(m.get(), c, train, val, threads, r);
  set_opt(m.get(), c);  // fine-tuning restarts the optimizer, as Trainer.pruneAndFineTune
  for (float s : c.sparsity) {
    OK(ams_mlp_prune(m.get(), c.prune_mode, s));
    double vloss = 0, metric = 0;
    OK(ams_mlp_evaluate(m.get(), val, threads, &vloss, &metric));
    r.metrics.push_back(metric);
    for (int e = 0; e < c.finetune; ++e) epoch(m.get(), c, train, val, threads, r);
  }
  r.params = params_of(m.get());
  r.state = state_of(m.get());
  return r;
}

// Index of the first differing entry, or -1.
template <class T>
long first_diff(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return long(i);
  return -1;
}

// Compares a concurrent run with the solo one; true when bit-identical.
bool compare(const char* mix, int round, const Config& c, const Run& solo, const Run& got) {
  const long dl = first_diff(solo.losses, got.losses), dm = first_diff(solo.metrics, got.metrics);
  const long dp = first_diff(solo.params, got.params);
  const bool ds = solo.state != got.state;
  if (dl < 0 && dm < 0 && dp < 0 && !ds) return true;
  size_t np = 0;
  for (size_t i = 0; i < solo.params.size() && i < got.params.size(); ++i) np += solo.params[i] != got.params[i];
  std::string metric;
  if (dm >= 0 && size_t(dm) < got.metrics.size())
    metric = ": " + std::to_string(solo.metrics[size_t(dm)]) + " alone vs " + std::to_string(got.metrics[size_t(dm)]);
  CHECK(false, "%s round %d, %s: differs from the solo run (first loss entry %ld, first metric %ld%s, %zu/%zu params differ)",
        mix, round, c.name, dl, dm, metric.c_str(), np, solo.params.size());
  return false;
}

}  // namespace

int main() {
  const auto t0 = std::chrono::steady_clock::now();
  DataPtr train_d = make_data(512, 64, 10, 0, 101);
  DataPtr val_d = make_data(256, 64, 10, 0, 102);
  const std::vector<Config> cs = configs();

  // Solo runs, at each configuration's own thread count and at 1 thread.
  std::vector<Run> solo, solo1;
  for (const Config& c : cs) {
    solo.push_back(train(c, train_d.get(), val_d.get(), c.threads));
    solo1.push_back(c.threads == 1 ? solo.back() : train(c, train_d.get(), val_d.get(), 1));
  }
  // Sanity: a solo run repeats itself.
  {
    const Run again = train(cs[0], train_d.get(), val_d.get(), cs[0].threads);
    CHECK(first_diff(again.params, solo[0].params) < 0 && again.state == solo[0].state,
          "%s: two solo runs differ", cs[0].name);
  }
  // Whether 2 BLAS threads give other bits than 1 (otherwise the mixed rounds prove little).
  size_t sensitive = 0;
  for (size_t i = 0; i < cs.size(); ++i)
    if (cs[i].threads != 1 && first_diff(solo[i].params, solo1[i].params) >= 0) ++sensitive;
  std::printf("solo runs done; %zu configuration(s) whose bits depend on the BLAS thread count\n", sensitive);

  const int rounds = 2;
  int bad = 0, total = 0;
  for (int mixed = 1; mixed >= 0; --mixed) {
    const char* mix = mixed ? "mixed 1/2 threads" : "all 1 thread";
    for (int round = 0; round < rounds; ++round) {
      std::vector<Run> got(cs.size());
      std::vector<std::thread> ts;
      std::atomic<int> ready{0};
      for (size_t i = 0; i < cs.size(); ++i)
        ts.emplace_back([&, i] {
          ready++;
          while (ready.load() < int(cs.size())) std::this_thread::yield();  // start together
          got[i] = train(cs[i], train_d.get(), val_d.get(), mixed ? cs[i].threads : 1);
        });
      for (auto& t : ts) t.join();
      for (size_t i = 0; i < cs.size(); ++i) {
        ++total;
        bad += !compare(mix, round, cs[i], mixed ? solo[i] : solo1[i], got[i]);
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%d of %d concurrent runs reproduced their solo run bit for bit (%.1f s)\n", total - bad, total, secs);
  return finish("nn_concurrency_test");
}
