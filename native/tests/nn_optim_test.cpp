// Test 2: every optimizer's update rule and the learning-rate schedules against a plain
// reference written here from the PyTorch formulas.
//
// Setup: a tiny network (4-5-3 tanh, or 4-5-3 tanh+BN for the weight-decay cases, so that
// decay must skip biases and BN parameters), n = 8 rows, no dropout. The library trains
// with ams_mlp_train_epoch(batch_size = n): one full-batch step per epoch. The reference
// takes the gradient at ITS OWN parameters from a second network (ams_mlp_loss_grad, same
// spec, params set by ams_mlp_set_params) and applies the formulas below in float32.
// The epoch shuffles the rows, so the library's gradient differs from the reference's only
// by float summation order. Tolerance after each of 6 steps, every parameter:
//   |w_lib - w_ref| <= 1e-5 * |w_ref| + 1e-6,
// except the bias b of a batch-norm layer: BN removes it from the loss, so its gradient is
// pure rounding noise (~1e-9) whose sign the adaptive optimizers amplify to +-lr; those
// entries are only required to have moved by less than 40 lr per step (the RMSProp +
// momentum bound is lr / sqrt(1 - rho) / (1 - mu) = 31.6 lr here; for SGD-type they
// are compared like the rest).
#include <algorithm>
#include <string>

#include "test_util.h"

namespace {

constexpr int64_t kRows = 8;
constexpr int kSteps = 6;

struct Opt {
  std::string name;
  int32_t kind;
  float lr, mom = 0, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0, clip = 0;
  bool bn = false;
};

struct Sched {
  int32_t kind = AMS_SCHED_CONSTANT;
  int64_t step_size = 1;
  float gamma = 1;
  int64_t warmup = 0, total = 0;
  float min_lr = 0;
};

// lr for 0-based step s, written from the header's formulas.
double ref_lr(double lr, const Sched& s, int64_t step) {
  if (s.warmup > 0 && step < s.warmup) return lr * double(step + 1) / double(s.warmup);
  const int64_t t = step - s.warmup;
  if (s.kind == AMS_SCHED_STEP) return lr * std::pow(double(s.gamma), std::floor(double(t) / double(s.step_size)));
  if (s.kind == AMS_SCHED_COSINE) {
    const double T = double(s.total - s.warmup), tt = std::min(double(t), T);
    return s.min_lr + (lr - s.min_lr) * (1 + std::cos(M_PI * tt / T)) / 2;
  }
  return lr;
}

// Which entries are weights (W), for weight decay: layout W, b [, gamma, beta] per layer.
// noise[i]: the entry is the bias of a batch-norm layer.
std::vector<bool> weight_flags(const Spec& s, std::vector<bool>& noise) {
  std::vector<bool> f;
  noise.clear();
  for (size_t l = 0; l + 1 < s.sizes.size(); ++l) {
    const int in = s.sizes[l], out = s.sizes[l + 1];
    const bool bn = l + 2 < s.sizes.size() && !s.bn.empty() && s.bn[l];
    f.insert(f.end(), size_t(in) * out, true);
    noise.insert(noise.end(), size_t(in) * out, false);
    f.insert(f.end(), size_t(out), false);
    noise.insert(noise.end(), size_t(out), bn);
    if (bn) {
      f.insert(f.end(), 2 * size_t(out), false);
      noise.insert(noise.end(), 2 * size_t(out), false);
    }
  }
  return f;
}

void run(const Opt& o, const Sched& sc, const char* sched_name) {
  Spec spec;
  spec.sizes = {4, 5, 3};
  spec.act = {AMS_ACT_TANH};
  if (o.bn) spec.bn = {1};
  MlpPtr m = make_mlp(spec, 77), probe = make_mlp(spec, 78);
  DataPtr d = make_data(kRows, 4, 3, 0, 79);
  if (!m || !probe || !d) return;
  OK(ams_mlp_set_optimizer(m.get(), o.kind, o.lr, o.mom, o.b1, o.b2, o.eps, o.wd, o.clip));
  OK(ams_mlp_set_schedule(m.get(), sc.kind, sc.step_size, sc.gamma, sc.warmup, sc.total, sc.min_lr));
  std::vector<bool> noise;
  const std::vector<bool> isw = weight_flags(spec, noise);
  const bool adaptive = o.kind >= AMS_OPT_ADAM;
  std::vector<float> w = params_of(m.get()), g(w.size()), m1(w.size(), 0.f), m2(w.size(), 0.f);
  CHECK(isw.size() == w.size(), "layout %zu vs %zu", isw.size(), w.size());
  double worst = 0;
  for (int step = 0; step < kSteps; ++step) {
    OK(ams_mlp_set_params(probe.get(), w.data()));
    OK(ams_mlp_loss_grad(probe.get(), d.get(), kRows, nullptr, g.data()));
    const float lr = float(ref_lr(o.lr, sc, step));
    if (o.clip > 0) {  // torch.nn.utils.clip_grad_norm_
      double sq = 0;
      for (float v : g) sq += double(v) * v;
      const double coef = o.clip / (std::sqrt(sq) + 1e-6);
      if (coef < 1)
        for (auto& v : g) v *= float(coef);
    }
    const int t = step + 1;
    for (size_t i = 0; i < w.size(); ++i) {
      const float wd = isw[i] ? o.wd : 0.f;
      float gi = g[i];
      switch (o.kind) {
        case AMS_OPT_SGD:
          gi += wd * w[i];
          w[i] -= lr * gi;
          break;
        case AMS_OPT_MOMENTUM:
          gi += wd * w[i];
          m1[i] = o.mom * m1[i] + gi;
          w[i] -= lr * m1[i];
          break;
        case AMS_OPT_NESTEROV:
          gi += wd * w[i];
          m1[i] = o.mom * m1[i] + gi;
          w[i] -= lr * (gi + o.mom * m1[i]);
          break;
        case AMS_OPT_ADAM:
        case AMS_OPT_ADAMW: {
          if (o.kind == AMS_OPT_ADAMW)
            w[i] *= 1 - lr * wd;
          else
            gi += wd * w[i];
          m1[i] = o.b1 * m1[i] + (1 - o.b1) * gi;
          m2[i] = o.b2 * m2[i] + (1 - o.b2) * gi * gi;
          const double bc1 = 1 - std::pow(double(o.b1), t), bc2 = 1 - std::pow(double(o.b2), t);
          const float denom = std::sqrt(m2[i]) / float(std::sqrt(bc2)) + o.eps;
          w[i] -= float(lr / bc1) * (m1[i] / denom);
          break;
        }
        case AMS_OPT_RMSPROP: {
          gi += wd * w[i];
          m1[i] = o.b2 * m1[i] + (1 - o.b2) * gi * gi;
          const float avg = std::sqrt(m1[i]) + o.eps;
          if (o.mom > 0) {
            m2[i] = o.mom * m2[i] + gi / avg;
            w[i] -= lr * m2[i];
          } else {
            w[i] -= lr * gi / avg;
          }
          break;
        }
        case AMS_OPT_ADAGRAD:
          gi += wd * w[i];
          m1[i] += gi * gi;
          w[i] -= lr * gi / (std::sqrt(m1[i]) + o.eps);
          break;
      }
    }
    const std::vector<float> prev = params_of(m.get());
    OK(ams_mlp_train_epoch(m.get(), d.get(), int32_t(kRows), 1, nullptr));
    const std::vector<float> got = params_of(m.get());
    int bad = 0;
    for (size_t i = 0; i < w.size(); ++i) {
      if (noise[i] && adaptive) {
        const double moved = std::fabs(double(got[i]) - prev[i]);
        if (moved > 40.0 * lr) {
          std::fprintf(stderr, "  %s step %d BN bias %zu moved %.3g > 40 lr\n", o.name.c_str(), step, i, moved);
          ++bad;
        }
        w[i] = got[i];  // keep the reference on the library's trajectory for this entry
        continue;
      }
      const double e = std::fabs(double(got[i]) - w[i]);
      worst = std::max(worst, e / (std::fabs(w[i]) + 1e-6));
      if (e > 1e-5 * std::fabs(w[i]) + 1e-6) {
        if (bad < 3)
          std::fprintf(stderr, "  %s/%s step %d param %zu: lib %.9g ref %.9g\n", o.name.c_str(),
                       sched_name, step, i, got[i], w[i]);
        ++bad;
      }
    }
    CHECK(bad == 0, "%s/%s: %d params off after step %d", o.name.c_str(), sched_name, bad, step);
    CHECK(ams_mlp_step(m.get()) == step + 1, "step counter %lld", (long long)ams_mlp_step(m.get()));
  }
  std::printf("%-24s %-14s %d steps, max relative deviation %.2e\n", o.name.c_str(), sched_name, kSteps, worst);
}

}  // namespace

int main() {
  const Sched constant;
  std::vector<Opt> opts = {
      {"sgd", AMS_OPT_SGD, 0.1f},
      {"sgd+wd", AMS_OPT_SGD, 0.1f, 0, 0.9f, 0.999f, 1e-8f, 0.05f, 0, true},
      {"momentum", AMS_OPT_MOMENTUM, 0.05f, 0.9f},
      {"momentum+wd", AMS_OPT_MOMENTUM, 0.05f, 0.9f, 0.9f, 0.999f, 1e-8f, 0.01f, 0, true},
      {"nesterov", AMS_OPT_NESTEROV, 0.05f, 0.9f},
      {"nesterov+wd+clip", AMS_OPT_NESTEROV, 0.05f, 0.8f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.1f, true},
      {"adam", AMS_OPT_ADAM, 0.01f},
      {"adam+wd(L2)", AMS_OPT_ADAM, 0.01f, 0, 0.8f, 0.99f, 1e-6f, 0.1f, 0, true},
      {"adamw", AMS_OPT_ADAMW, 0.01f, 0, 0.9f, 0.999f, 1e-8f, 0.1f, 0, true},
      {"adamw+clip", AMS_OPT_ADAMW, 0.01f, 0, 0.9f, 0.999f, 1e-8f, 0.1f, 0.05f, true},
      {"rmsprop", AMS_OPT_RMSPROP, 0.01f, 0, 0, 0.99f, 1e-8f},
      {"rmsprop+momentum+wd", AMS_OPT_RMSPROP, 0.01f, 0.9f, 0, 0.9f, 1e-8f, 0.01f, 0, true},
      {"adagrad", AMS_OPT_ADAGRAD, 0.1f, 0, 0, 0, 1e-10f},
      {"adagrad+wd+clip", AMS_OPT_ADAGRAD, 0.1f, 0, 0, 0, 1e-10f, 0.05f, 0.2f, true},
      {"sgd+clip", AMS_OPT_SGD, 0.5f, 0, 0, 0, 0, 0, 0.05f},
  };
  for (const Opt& o : opts) run(o, constant, "constant");

  Sched step;
  step.kind = AMS_SCHED_STEP;
  step.step_size = 2;
  step.gamma = 0.5f;
  Sched cosine;
  cosine.kind = AMS_SCHED_COSINE;
  cosine.warmup = 2;
  cosine.total = 5;  // steps 5 and beyond are clamped at min_lr
  cosine.min_lr = 0.01f;
  Sched warm;
  warm.warmup = 3;
  Sched step_warm = step;
  step_warm.warmup = 1;
  const Opt sgd{"sgd", AMS_OPT_SGD, 0.2f};
  run(sgd, step, "step");
  run(sgd, cosine, "cosine+warmup");
  run(sgd, warm, "constant+warmup");
  run(sgd, step_warm, "step+warmup");
  run({"adam", AMS_OPT_ADAM, 0.01f}, cosine, "cosine+warmup");
  return finish("nn_optim_test");
}
