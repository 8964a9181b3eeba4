// Test 3: checkpoints. A network with batch-norm, dropout, Adam with weight decay and
// clipping, a cosine schedule with warm-up and a pruning mask trains 2 epochs, is saved,
// trains 2 more (run A). A fresh network with the same spec but a DIFFERENT seed restores
// the checkpoint and trains 2 epochs (run B). A and B must be bit-identical: memcmp of the
// parameters, of the epoch losses, of evaluate() and of the complete saved states.
// Then: restore rejects truncated, foreign, corrupted and wrong-spec buffers with a message
// and leaves the network unchanged; save rejects a short buffer.
#include "test_util.h"

namespace {

Spec spec_of(int hidden2) {
  Spec s;
  s.sizes = {6, 12, hidden2, 3};
  s.act = {AMS_ACT_RELU, AMS_ACT_GELU};
  s.drop = {0.2f, 0.1f};
  s.bn = {1, 0};
  return s;
}

void setup(ams_mlp* m) {
  OK(ams_mlp_set_optimizer(m, AMS_OPT_ADAM, 0.01f, 0, 0.9f, 0.99f, 1e-7f, 1e-3f, 1.0f));
  OK(ams_mlp_set_schedule(m, AMS_SCHED_COSINE, 0, 0, 5, 60, 1e-4f));
}

void expect_reject(ams_mlp* m, const std::vector<uint8_t>& buf, int64_t len, const char* what) {
  const std::vector<uint8_t> before = state_of(m);
  const int rc = ams_mlp_restore(m, buf.data(), len);
  const std::string msg = ams_last_error();
  std::printf("reject %-22s rc %d: %s\n", what, rc, msg.c_str());
  CHECK(rc < 0, "%s: restore returned %d", what, rc);
  CHECK(!msg.empty(), "%s: empty error message", what);
  CHECK(state_of(m) == before, "%s: failed restore modified the network", what);
}

}  // namespace

int main() {
  const Spec spec = spec_of(8);
  DataPtr d = make_data(200, 6, 3, 0, 5);
  MlpPtr a = make_mlp(spec, 1234);
  setup(a.get());
  double la[4], lb[2];
  for (int e = 0; e < 2; ++e) OK(ams_mlp_train_epoch(a.get(), d.get(), 32, 1, &la[e]));
  OK(ams_mlp_prune(a.get(), AMS_PRUNE_WEIGHTS, 0.3f));
  const std::vector<uint8_t> ck = state_of(a.get());
  for (int e = 2; e < 4; ++e) OK(ams_mlp_train_epoch(a.get(), d.get(), 32, 1, &la[e]));

  MlpPtr b = make_mlp(spec, 999);  // different seed: everything must come from the checkpoint
  OK(ams_mlp_restore(b.get(), ck.data(), int64_t(ck.size())));
  CHECK(state_of(b.get()) == ck, "restore then save does not reproduce the checkpoint bytes");
  CHECK(ams_mlp_step(b.get()) == 2 * 7, "step after restore %lld", (long long)ams_mlp_step(b.get()));
  for (int e = 0; e < 2; ++e) OK(ams_mlp_train_epoch(b.get(), d.get(), 32, 1, &lb[e]));

  const std::vector<float> pa = params_of(a.get()), pb = params_of(b.get());
  CHECK(std::memcmp(pa.data(), pb.data(), pa.size() * sizeof(float)) == 0, "params of A and B differ");
  CHECK(std::memcmp(&la[2], &lb[0], 2 * sizeof(double)) == 0, "epoch losses differ: %.17g %.17g vs %.17g %.17g", la[2], la[3], lb[0], lb[1]);
  CHECK(state_of(a.get()) == state_of(b.get()), "saved states of A and B differ");
  double ea[2], eb[2];
  OK(ams_mlp_evaluate(a.get(), d.get(), 1, &ea[0], &ea[1]));
  OK(ams_mlp_evaluate(b.get(), d.get(), 1, &eb[0], &eb[1]));
  CHECK(std::memcmp(ea, eb, sizeof ea) == 0, "evaluate differs: %.17g vs %.17g", ea[0], eb[0]);
  std::printf("checkpoint of %zu bytes; continued run bit-identical: loss %.6f, accuracy %.3f\n", ck.size(), ea[0], ea[1]);
  CHECK(ams_mlp_nonzero_weights(b.get()) <= ams_mlp_weight_count(b.get()) - (ams_mlp_weight_count(b.get()) * 3) / 10 + 3,
        "pruning mask lost through restore: %lld nonzero of %lld", (long long)ams_mlp_nonzero_weights(b.get()),
        (long long)ams_mlp_weight_count(b.get()));

  // ---- rejections
  MlpPtr c = make_mlp(spec, 1);
  expect_reject(c.get(), ck, int64_t(ck.size()) - 1, "truncated by 1 byte");
  expect_reject(c.get(), ck, int64_t(ck.size()) / 2, "truncated to half");
  expect_reject(c.get(), ck, 10, "10 bytes");
  std::vector<uint8_t> foreign(ck.size());
  TestRng r(3);
  for (auto& v : foreign) v = uint8_t(r.next());
  expect_reject(c.get(), foreign, int64_t(foreign.size()), "random bytes");
  std::vector<uint8_t> bad = ck;
  bad[bad.size() / 2] ^= 0x10;
  expect_reject(c.get(), bad, int64_t(bad.size()), "one flipped bit");
  bad = ck;
  bad[8] = 99;  // version
  expect_reject(c.get(), bad, int64_t(bad.size()), "future version");
  MlpPtr other = make_mlp(spec_of(9), 1);
  expect_reject(other.get(), ck, int64_t(ck.size()), "different sizes");
  Spec s2 = spec;
  s2.act[1] = AMS_ACT_TANH;
  MlpPtr other2 = make_mlp(s2, 1);
  expect_reject(other2.get(), ck, int64_t(ck.size()), "different activation");
  Spec s3 = spec;
  s3.bn = {0, 0};
  MlpPtr other3 = make_mlp(s3, 1);
  expect_reject(other3.get(), ck, int64_t(ck.size()), "different batchnorm");
  CHECK(ams_mlp_restore(c.get(), nullptr, 100) < 0, "NULL buffer accepted");

  std::vector<uint8_t> small(ck.size() - 1);
  CHECK(ams_mlp_save(a.get(), small.data(), int64_t(small.size())) < 0, "save into a short buffer succeeded");
  CHECK(std::strlen(ams_last_error()) > 0, "no message for short save buffer");
  return finish("nn_checkpoint_test");
}
