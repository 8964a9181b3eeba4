// Cancellation: ams_mlp_cancel from another thread stops an epoch in progress before its next
// mini-batch with AMS_CANCELLED (well before the epoch would end), the flag stays set, the
// active-training counter returns to 0, and the shared data is untouched for other networks.
#include <atomic>
#include <chrono>
#include <thread>

#include "test_util.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  // Large enough that one epoch takes far longer than the wait before the cancel.
  const int64_t n = 20000;
  const int32_t d = 256;
  DataPtr data = make_data(n, d, 10, 0, 11);
  Spec s;
  s.sizes = {d, 512, 512, 10};
  s.act = {AMS_ACT_RELU, AMS_ACT_RELU};

  // Reference: one whole epoch, uncancelled.
  MlpPtr ref = make_mlp(s, 1);
  OK(ams_mlp_set_optimizer(ref.get(), AMS_OPT_SGD, 0.01f, 0, 0, 0, 0, 0, 0));
  auto t0 = std::chrono::steady_clock::now();
  double loss = 0;
  OK(ams_mlp_train_epoch(ref.get(), data.get(), 16, 1, &loss));
  const double epoch_s = seconds_since(t0);
  const int64_t steps_per_epoch = ams_mlp_step(ref.get());
  std::printf("one epoch: %.3f s, %lld steps\n", epoch_s, (long long)steps_per_epoch);
  CHECK(ams_mlp_active_trainings() == 0, "active trainings %lld after a finished epoch",
        (long long)ams_mlp_active_trainings());

  // Cancelled from another thread a little into the epoch.
  MlpPtr m = make_mlp(s, 1);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_SGD, 0.01f, 0, 0, 0, 0, 0, 0));
  std::atomic<int> rc{1};
  std::string msg;
  t0 = std::chrono::steady_clock::now();
  std::thread trainer([&] {
    rc = ams_mlp_train_epoch(m.get(), data.get(), 16, 1, nullptr);
    msg = ams_last_error();  // thread-local: read on the training thread
  });
  while (ams_mlp_active_trainings() == 0) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto cancelled_at = std::chrono::steady_clock::now();
  ams_mlp_cancel(m.get());
  trainer.join();
  const double stop_s = seconds_since(cancelled_at);
  const double total_s = seconds_since(t0);
  std::printf("cancelled epoch: rc %d \"%s\", returned %.4f s after the cancel, %.3f s in all, %lld steps\n",
              rc.load(), msg.c_str(), stop_s, total_s, (long long)ams_mlp_step(m.get()));
  CHECK(rc == AMS_CANCELLED, "train_epoch returned %d, not AMS_CANCELLED", rc.load());
  CHECK(msg.find("cancelled") != std::string::npos, "message \"%s\"", msg.c_str());
  CHECK(ams_mlp_step(m.get()) < steps_per_epoch, "%lld steps: the epoch ran to its end",
        (long long)ams_mlp_step(m.get()));
  CHECK(stop_s < 0.5 * epoch_s, "stopped %.3f s after the cancel; an epoch takes %.3f s", stop_s, epoch_s);
  CHECK(ams_mlp_active_trainings() == 0, "active trainings %lld after a cancelled epoch",
        (long long)ams_mlp_active_trainings());

  // The flag stays: the next epoch returns at once without a step.
  const int64_t steps = ams_mlp_step(m.get());
  CHECK(ams_mlp_train_epoch(m.get(), data.get(), 16, 1, nullptr) == AMS_CANCELLED, "second epoch not cancelled");
  CHECK(ams_mlp_step(m.get()) == steps, "a cancelled network trained on");

  // Cancelled before it trains: no step at all. Cancel on NULL is a no-op.
  MlpPtr early = make_mlp(s, 2);
  OK(ams_mlp_set_optimizer(early.get(), AMS_OPT_SGD, 0.01f, 0, 0, 0, 0, 0, 0));
  ams_mlp_cancel(early.get());
  ams_mlp_cancel(nullptr);
  CHECK(ams_mlp_train_epoch(early.get(), data.get(), 16, 1, nullptr) == AMS_CANCELLED, "cancel before training ignored");
  CHECK(ams_mlp_step(early.get()) == 0, "%lld steps after a cancel", (long long)ams_mlp_step(early.get()));

  // Other networks on the same data are unaffected: a fresh one trains exactly as the reference.
  MlpPtr again = make_mlp(s, 1);
  OK(ams_mlp_set_optimizer(again.get(), AMS_OPT_SGD, 0.01f, 0, 0, 0, 0, 0, 0));
  double loss2 = 0;
  OK(ams_mlp_train_epoch(again.get(), data.get(), 16, 1, &loss2));
  CHECK(loss2 == loss, "loss %.9g after cancels elsewhere, %.9g before", loss2, loss);
  return finish("nn_cancel_test");
}
