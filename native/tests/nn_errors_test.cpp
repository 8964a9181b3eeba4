// Test 7: bad arguments. Every case must return the error value (negative code / NULL)
// with a non-empty ams_last_error() naming the problem, and must not crash. A successful
// call afterwards clears the message.
#include <limits>

#include "test_util.h"

namespace {

// Expects rc < 0 and a message containing `needle`.
void expect_err(long long rc, const char* needle, const char* what) {
  const std::string msg = ams_last_error();
  std::printf("%-38s -> %lld  \"%s\"\n", what, rc, msg.c_str());
  CHECK(rc < 0, "%s: returned %lld", what, rc);
  CHECK(!msg.empty(), "%s: empty message", what);
  CHECK(msg.find(needle) != std::string::npos, "%s: message \"%s\" lacks \"%s\"", what, msg.c_str(), needle);
}
void expect_null(const void* p, const char* needle, const char* what) {
  expect_err(p ? 0 : -1, needle, what);
}

}  // namespace

int main() {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x(4 * 3, 0.5f), t(4 * 2, 1.f);
  std::vector<int32_t> y = {0, 1, 2, 1};

  // ---- datasets
  expect_null(ams_data_create(nullptr, 4, 3, y.data(), 3, nullptr, 0), "x is NULL", "data: NULL x");
  expect_null(ams_data_create(x.data(), 0, 3, y.data(), 3, nullptr, 0), "n must be", "data: n = 0");
  expect_null(ams_data_create(x.data(), 4, 0, y.data(), 3, nullptr, 0), "d must be", "data: d = 0");
  expect_null(ams_data_create(x.data(), 4, 3, y.data(), 1, nullptr, 0), "classes", "data: classes = 1");
  expect_null(ams_data_create(x.data(), 4, 3, nullptr, 3, nullptr, 0), "labels", "data: NULL labels");
  expect_null(ams_data_create(x.data(), 4, 3, nullptr, 0, nullptr, 2), "targets", "data: NULL targets");
  expect_null(ams_data_create(x.data(), 4, 3, nullptr, 0, t.data(), 0), "target_dim", "data: target_dim 0");
  expect_null(ams_data_create(x.data(), 4, 3, y.data(), 3, t.data(), 2), "no targets", "data: labels and targets");
  std::vector<int32_t> ybad = {0, 1, 3, 1};
  expect_null(ams_data_create(x.data(), 4, 3, ybad.data(), 3, nullptr, 0), "row 2", "data: label out of range");
  ybad[1] = -1;
  expect_null(ams_data_create(x.data(), 4, 3, ybad.data(), 3, nullptr, 0), "row 1", "data: negative label");
  std::vector<float> xn = x;
  xn[7] = nan;
  expect_null(ams_data_create(xn.data(), 4, 3, y.data(), 3, nullptr, 0), "row 2", "data: NaN feature");
  xn[7] = inf;
  expect_null(ams_data_create(xn.data(), 4, 3, y.data(), 3, nullptr, 0), "row 2", "data: Inf feature");
  std::vector<float> tn = t;
  tn[3] = nan;
  expect_null(ams_data_create(x.data(), 4, 3, nullptr, 0, tn.data(), 2), "row 1", "data: NaN target");
  expect_err(ams_data_rows(nullptr), "NULL", "data_rows(NULL)");
  expect_err(ams_data_cols(nullptr), "NULL", "data_cols(NULL)");
  ams_data_free(nullptr);  // no-op

  DataPtr cls(ams_data_create(x.data(), 4, 3, y.data(), 3, nullptr, 0), ams_data_free);
  DataPtr reg(ams_data_create(x.data(), 4, 3, nullptr, 0, t.data(), 2), ams_data_free);
  CHECK(cls && reg, "valid data rejected: %s", ams_last_error());
  CHECK(std::string(ams_last_error()).empty(), "message not cleared by a successful call: %s", ams_last_error());
  std::vector<float> x5(4 * 5, 0.1f);
  DataPtr wide(ams_data_create(x5.data(), 4, 5, y.data(), 3, nullptr, 0), ams_data_free);

  // ---- networks
  const int32_t sizes[] = {3, 4, 3};
  const int32_t act[] = {AMS_ACT_RELU};
  const float drop[] = {0.1f};
  const int32_t bn[] = {1};
  expect_null(ams_mlp_create(1, sizes, act, drop, bn, 0.01f, 0, 0, 1), "n_sizes", "mlp: n_sizes 1");
  expect_null(ams_mlp_create(3, nullptr, act, drop, bn, 0.01f, 0, 0, 1), "sizes is NULL", "mlp: NULL sizes");
  const int32_t zero_sizes[] = {3, 0, 3};
  expect_null(ams_mlp_create(3, zero_sizes, act, drop, bn, 0.01f, 0, 0, 1), "sizes[1]", "mlp: zero width");
  expect_null(ams_mlp_create(3, sizes, nullptr, drop, bn, 0.01f, 0, 0, 1), "activation", "mlp: NULL activation");
  const int32_t bad_act[] = {6};
  expect_null(ams_mlp_create(3, sizes, bad_act, drop, bn, 0.01f, 0, 0, 1), "activation[0]", "mlp: activation 6");
  const float bad_drop[] = {1.0f};
  expect_null(ams_mlp_create(3, sizes, act, bad_drop, bn, 0.01f, 0, 0, 1), "dropout[0]", "mlp: dropout 1.0");
  const float nan_drop[] = {nan};
  expect_null(ams_mlp_create(3, sizes, act, nan_drop, bn, 0.01f, 0, 0, 1), "dropout[0]", "mlp: dropout NaN");
  const int32_t bad_bn[] = {2};
  expect_null(ams_mlp_create(3, sizes, act, drop, bad_bn, 0.01f, 0, 0, 1), "batchnorm[0]", "mlp: batchnorm 2");
  expect_null(ams_mlp_create(3, sizes, act, drop, bn, 0.01f, 2, 0, 1), "loss", "mlp: loss 2");
  expect_null(ams_mlp_create(3, sizes, act, drop, bn, 0.01f, 0, -1, 1), "init", "mlp: init -1");
  expect_null(ams_mlp_create(3, sizes, act, drop, bn, nan, 0, 0, 1), "leaky_slope", "mlp: NaN slope");
  const int32_t one_out[] = {3, 4, 1};
  expect_null(ams_mlp_create(3, one_out, act, drop, bn, 0.01f, AMS_LOSS_SOFTMAX_CE, 0, 1), ">= 2 outputs", "mlp: CE with 1 output");

  MlpPtr m(ams_mlp_create(3, sizes, act, drop, bn, 0.01f, AMS_LOSS_SOFTMAX_CE, AMS_INIT_HE, 1), ams_mlp_free);
  CHECK(m != nullptr, "valid mlp rejected: %s", ams_last_error());
  ams_mlp* p = m.get();
  ams_mlp_free(nullptr);  // no-op

  // ---- optimizer / schedule
  expect_err(ams_mlp_set_optimizer(nullptr, 0, 0.1f, 0, 0, 0, 0, 0, 0), "mlp is NULL", "opt: NULL mlp");
  expect_err(ams_mlp_set_optimizer(p, 7, 0.1f, 0, 0, 0, 0, 0, 0), "kind", "opt: kind 7");
  expect_err(ams_mlp_set_optimizer(p, 0, 0.f, 0, 0, 0, 0, 0, 0), "lr", "opt: lr 0");
  expect_err(ams_mlp_set_optimizer(p, 0, -1.f, 0, 0, 0, 0, 0, 0), "lr", "opt: lr < 0");
  expect_err(ams_mlp_set_optimizer(p, 0, nan, 0, 0, 0, 0, 0, 0), "lr", "opt: lr NaN");
  expect_err(ams_mlp_set_optimizer(p, 1, 0.1f, 1.5f, 0, 0, 0, 0, 0), "momentum", "opt: momentum 1.5");
  expect_err(ams_mlp_set_optimizer(p, 2, 0.1f, 0.f, 0, 0, 0, 0, 0), "momentum > 0", "opt: nesterov momentum 0");
  expect_err(ams_mlp_set_optimizer(p, 3, 0.1f, 0, 1.f, 0.999f, 1e-8f, 0, 0), "beta1", "opt: adam beta1 1");
  expect_err(ams_mlp_set_optimizer(p, 3, 0.1f, 0, 0.9f, 0.999f, 0.f, 0, 0), "eps", "opt: adam eps 0");
  expect_err(ams_mlp_set_optimizer(p, 5, 0.1f, 0, 0, 1.5f, 1e-8f, 0, 0), "beta2", "opt: rmsprop rho 1.5");
  expect_err(ams_mlp_set_optimizer(p, 0, 0.1f, 0, 0, 0, 0, -0.1f, 0), "weight_decay", "opt: weight_decay < 0");
  expect_err(ams_mlp_set_optimizer(p, 0, 0.1f, 0, 0, 0, 0, 0, -1.f), "clip_norm", "opt: clip_norm < 0");
  expect_err(ams_mlp_set_schedule(p, 3, 1, 0.5f, 0, 0, 0), "kind", "sched: kind 3");
  expect_err(ams_mlp_set_schedule(p, 1, 0, 0.5f, 0, 0, 0), "step_size", "sched: step_size 0");
  expect_err(ams_mlp_set_schedule(p, 1, 10, 0.f, 0, 0, 0), "gamma", "sched: gamma 0");
  expect_err(ams_mlp_set_schedule(p, 2, 0, 0, 10, 10, 0), "total_steps", "sched: cosine total <= warmup");
  expect_err(ams_mlp_set_schedule(p, 0, 0, 0, -1, 0, 0), "warmup", "sched: warmup < 0");
  expect_err(ams_mlp_set_schedule(nullptr, 0, 0, 0, 0, 0, 0), "NULL", "sched: NULL mlp");

  // ---- training before an optimizer is set, then bad training arguments
  expect_err(ams_mlp_train_epoch(p, cls.get(), 2, 1, nullptr), "no optimizer", "train: no optimizer");
  OK(ams_mlp_set_optimizer(p, AMS_OPT_SGD, 0.1f, 0, 0, 0, 0, 0, 0));
  expect_err(ams_mlp_train_epoch(nullptr, cls.get(), 2, 1, nullptr), "mlp is NULL", "train: NULL mlp");
  expect_err(ams_mlp_train_epoch(p, nullptr, 2, 1, nullptr), "data is NULL", "train: NULL data");
  expect_err(ams_mlp_train_epoch(p, wide.get(), 2, 1, nullptr), "5 columns", "train: width mismatch");
  expect_err(ams_mlp_train_epoch(p, reg.get(), 2, 1, nullptr), "labelled", "train: CE on regression data");
  expect_err(ams_mlp_train_epoch(p, cls.get(), 0, 1, nullptr), "batch_size", "train: batch_size 0");
  expect_err(ams_mlp_train_epoch(p, cls.get(), 2, 0, nullptr), "threads", "train: threads 0");
  std::vector<int32_t> y2 = {0, 1, 1, 0};
  DataPtr two(ams_data_create(x.data(), 4, 3, y2.data(), 2, nullptr, 0), ams_data_free);
  expect_err(ams_mlp_train_epoch(p, two.get(), 2, 1, nullptr), "2 classes", "train: class count mismatch");
  OK(ams_mlp_train_epoch(p, cls.get(), 100, 1, nullptr));  // batch larger than n is fine
  expect_err(ams_mlp_evaluate(p, wide.get(), 1, nullptr, nullptr), "5 columns", "evaluate: width mismatch");
  expect_err(ams_mlp_evaluate(p, cls.get(), -3, nullptr, nullptr), "threads", "evaluate: threads -3");
  expect_err(ams_mlp_predict(p, cls.get(), 1, nullptr), "out is NULL", "predict: NULL out");
  expect_err(ams_mlp_predict(nullptr, cls.get(), 1, x.data()), "NULL", "predict: NULL mlp");
  std::vector<float> g(size_t(ams_mlp_param_count(p)));
  expect_err(ams_mlp_loss_grad(p, cls.get(), 0, nullptr, g.data()), "rows", "loss_grad: rows 0");
  expect_err(ams_mlp_loss_grad(p, cls.get(), 5, nullptr, g.data()), "rows", "loss_grad: rows > n");
  expect_err(ams_mlp_get_params(p, nullptr), "NULL", "get_params: NULL");
  expect_err(ams_mlp_set_params(p, nullptr), "NULL", "set_params: NULL");
  std::vector<float> pn(g.size(), 0.f);
  pn[3] = nan;
  expect_err(ams_mlp_set_params(p, pn.data()), "not finite", "set_params: NaN");
  expect_err(ams_mlp_param_count(nullptr), "NULL", "param_count(NULL)");
  expect_err(ams_mlp_nonzero_weights(nullptr), "NULL", "nonzero_weights(NULL)");
  expect_err(ams_mlp_weight_count(nullptr), "NULL", "weight_count(NULL)");
  expect_err(ams_mlp_flops_per_sample(nullptr), "NULL", "flops_per_sample(NULL)");
  expect_err(ams_mlp_step(nullptr), "NULL", "step(NULL)");
  expect_err(ams_mlp_state_size(nullptr), "NULL", "state_size(NULL)");
  expect_err(ams_mlp_prune(p, 2, 0.5f), "mode", "prune: mode 2");
  expect_err(ams_mlp_prune(p, 0, 1.0f), "sparsity", "prune: sparsity 1");
  expect_err(ams_mlp_prune(p, 0, -0.1f), "sparsity", "prune: sparsity < 0");
  expect_err(ams_mlp_prune(nullptr, 0, 0.5f), "NULL", "prune: NULL mlp");
  std::vector<uint8_t> buf(size_t(ams_mlp_state_size(p)));
  expect_err(ams_mlp_save(p, nullptr, int64_t(buf.size())), "NULL", "save: NULL buffer");
  expect_err(ams_mlp_save(p, buf.data(), 3), "too small", "save: short buffer");
  OK(ams_mlp_save(p, buf.data(), int64_t(buf.size())));
  expect_err(ams_mlp_restore(p, buf.data(), int64_t(buf.size()) - 9), "truncated", "restore: truncated");
  expect_err(ams_mlp_restore(nullptr, buf.data(), int64_t(buf.size())), "NULL", "restore: NULL mlp");

  // the network still works after all that
  double loss = 0, acc = 0;
  OK(ams_mlp_evaluate(p, cls.get(), 1, &loss, &acc));
  CHECK(std::isfinite(loss), "loss %g", loss);
  CHECK(ams_mlp_flops_per_sample(p) == 2 * (3 * 4 + 4 * 3), "flops %lld", (long long)ams_mlp_flops_per_sample(p));
  CHECK(std::strlen(ams_blas_config()) > 0, "empty BLAS config");
  return finish("nn_errors_test");
}
