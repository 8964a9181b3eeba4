// Test 6: learning. A 3-class spiral (600 points, 2 features) is learned by a 2-64-64-3
// ReLU network with Adam to >= 95% training accuracy in 60 epochs (a linear model gets
// ~50%); a Gaussian-blob problem with batch-norm + dropout + AdamW reaches >= 97% held-out
// accuracy; a linear regression target (16 -> 3, noise sd 0.05) reaches held-out
// MSE <= 0.01 (target variance ~1, noise floor 0.0025) with SGD-momentum and a step schedule.
#include "test_util.h"

namespace {

void spiral() {
  const int per = 200, k = 3, n = per * k;
  std::vector<float> x(2 * n);
  std::vector<int32_t> y(n);
  TestRng r(1);
  for (int c = 0; c < k; ++c)
    for (int i = 0; i < per; ++i) {
      const double t = double(i) / per, ang = 4.0 * t + c * 2.0 * M_PI / k + 0.2 * r.normal();
      x[2 * (c * per + i)] = float(t * std::cos(ang));
      x[2 * (c * per + i) + 1] = float(t * std::sin(ang));
      y[c * per + i] = c;
    }
  DataPtr d(ams_data_create(x.data(), n, 2, y.data(), k, nullptr, 0), ams_data_free);
  Spec s;
  s.sizes = {2, 64, 64, 3};
  s.act = {AMS_ACT_RELU, AMS_ACT_RELU};
  s.init = AMS_INIT_HE;
  MlpPtr m = make_mlp(s, 7);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_ADAM, 0.01f, 0, 0.9f, 0.999f, 1e-8f, 0, 0));
  double first = 0, last = 0, acc = 0, loss = 0;
  for (int e = 0; e < 60; ++e) OK(ams_mlp_train_epoch(m.get(), d.get(), 32, 1, e == 0 ? &first : &last));
  OK(ams_mlp_evaluate(m.get(), d.get(), 1, &loss, &acc));
  std::printf("spiral: train loss %.4f -> %.4f, eval loss %.4f, accuracy %.4f\n", first, last, loss, acc);
  CHECK(acc >= 0.95, "spiral accuracy %.4f < 0.95", acc);
  CHECK(last < first, "training loss did not decrease: %.4f -> %.4f", first, last);
}

void blobs() {
  const int d = 10, k = 4, n = 800;
  TestRng r(2);
  std::vector<double> centers(k * d);
  for (auto& v : centers) v = 2.0 * r.normal();
  auto make = [&](int rows) {
    std::vector<float> x(size_t(rows) * d);
    std::vector<int32_t> y(rows);
    for (int i = 0; i < rows; ++i) {
      y[i] = r.below(k);
      for (int j = 0; j < d; ++j) x[i * d + j] = float(centers[y[i] * d + j] + 1.0 * r.normal());
    }
    return DataPtr(ams_data_create(x.data(), rows, d, y.data(), k, nullptr, 0), ams_data_free);
  };
  DataPtr train = make(n), test = make(400);
  Spec s;
  s.sizes = {d, 32, 32, k};
  s.act = {AMS_ACT_GELU, AMS_ACT_TANH};
  s.bn = {1, 1};
  s.drop = {0.2f, 0.1f};
  MlpPtr m = make_mlp(s, 8);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_ADAMW, 0.01f, 0, 0.9f, 0.999f, 1e-8f, 0.01f, 5.0f));
  OK(ams_mlp_set_schedule(m.get(), AMS_SCHED_COSINE, 0, 0, 20, 20 * 25, 1e-4f));
  for (int e = 0; e < 20; ++e) OK(ams_mlp_train_epoch(m.get(), train.get(), 32, 1, nullptr));
  double loss = 0, acc = 0;
  OK(ams_mlp_evaluate(m.get(), test.get(), 1, &loss, &acc));
  std::printf("blobs (BN+dropout+AdamW, cosine): held-out loss %.4f accuracy %.4f\n", loss, acc);
  CHECK(acc >= 0.97, "blobs held-out accuracy %.4f < 0.97", acc);
}

void regression() {
  const int d = 16, k = 3;
  TestRng r(5);
  std::vector<double> A(d * k);
  for (auto& v : A) v = r.normal() / std::sqrt(double(d)) * std::sqrt(3.0);  // Var(t) ~ 1
  auto make = [&](int rows) {
    std::vector<float> x(size_t(rows) * d), t(size_t(rows) * k);
    for (auto& v : x) v = float(2.0 * r.uniform() - 1.0);
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < k; ++j) {
        double s = 0.1 * j;
        for (int c = 0; c < d; ++c) s += A[c * k + j] * x[i * d + c];
        t[i * k + j] = float(s + 0.05 * r.normal());
      }
    return DataPtr(ams_data_create(x.data(), rows, d, nullptr, 0, t.data(), k), ams_data_free);
  };
  DataPtr train = make(1000), test = make(300);
  Spec s;
  s.sizes = {d, 32, k};
  s.act = {AMS_ACT_TANH};
  s.loss = AMS_LOSS_MSE;
  MlpPtr m = make_mlp(s, 9);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_MOMENTUM, 0.05f, 0.9f, 0, 0, 0, 0, 0));
  OK(ams_mlp_set_schedule(m.get(), AMS_SCHED_STEP, 20 * 32, 0.3f, 0, 0, 0));
  double first = 0, last = 0;
  for (int e = 0; e < 40; ++e) OK(ams_mlp_train_epoch(m.get(), train.get(), 32, 1, e == 0 ? &first : &last));
  double loss = 0, mse = 0;
  OK(ams_mlp_evaluate(m.get(), test.get(), 1, &loss, &mse));
  std::printf("regression: train loss %.5f -> %.5f, held-out MSE %.5f (noise floor 0.0025)\n", first, last, mse);
  CHECK(mse <= 0.01, "regression held-out MSE %.5f > 0.01", mse);
  CHECK(loss == mse, "MSE loss %.8g != metric %.8g", loss, mse);
}

}  // namespace

int main() {
  spiral();
  blobs();
  regression();
  return finish("nn_learn_test");
}
