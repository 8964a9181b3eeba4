// Test 5: pruning.
//  * WEIGHTS 0.5: every layer's W has >= 50% zeros (exactly ceil(0.5 * count) here), the
//    pruned entries are the smallest |w|, they stay exactly zero through 3 more epochs of
//    Adam + weight decay, and ams_mlp_nonzero_weights counts the non-zeros of all W.
//  * Pruning again to a lower sparsity changes nothing; to a higher one keeps the old zeros.
//  * NEURONS 0.25: in each hidden layer ceil(0.25 * width) neurons lose their incoming column
//    of W_l, bias, BN gamma/beta and outgoing row of W_{l+1}; all stay zero after training;
//    they are the neurons with the smallest incoming L2 norm; the output layer keeps all units.
#include <algorithm>

#include "test_util.h"

namespace {

struct Layout {
  std::vector<int64_t> w, b, g, be;  // offsets per layer (g/be = -1 without BN)
};

Layout layout(const Spec& s) {
  Layout L;
  int64_t off = 0;
  for (size_t l = 0; l + 1 < s.sizes.size(); ++l) {
    const bool bn = l + 2 < s.sizes.size() && !s.bn.empty() && s.bn[l];
    L.w.push_back(off);
    off += int64_t(s.sizes[l]) * s.sizes[l + 1];
    L.b.push_back(off);
    off += s.sizes[l + 1];
    L.g.push_back(bn ? off : -1);
    off += bn ? s.sizes[l + 1] : 0;
    L.be.push_back(bn ? off : -1);
    off += bn ? s.sizes[l + 1] : 0;
  }
  return L;
}

int64_t count_nonzero_w(const Spec& s, const Layout& L, const std::vector<float>& p) {
  int64_t nz = 0;
  for (size_t l = 0; l < L.w.size(); ++l)
    for (int64_t i = 0; i < int64_t(s.sizes[l]) * s.sizes[l + 1]; ++i) nz += p[L.w[l] + i] != 0.f;
  return nz;
}

void weights_test() {
  Spec s;
  s.sizes = {8, 20, 12, 3};
  s.act = {AMS_ACT_RELU, AMS_ACT_RELU};
  s.bn = {1, 0};
  const Layout L = layout(s);
  DataPtr d = make_data(300, 8, 3, 0, 1);
  MlpPtr m = make_mlp(s, 2);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_ADAM, 0.01f, 0, 0.9f, 0.999f, 1e-8f, 1e-3f, 0));
  OK(ams_mlp_train_epoch(m.get(), d.get(), 32, 1, nullptr));
  const std::vector<float> before = params_of(m.get());
  OK(ams_mlp_prune(m.get(), AMS_PRUNE_WEIGHTS, 0.5f));
  const std::vector<float> after = params_of(m.get());
  std::vector<std::vector<bool>> zero(L.w.size());
  for (size_t l = 0; l < L.w.size(); ++l) {
    const int64_t cnt = int64_t(s.sizes[l]) * s.sizes[l + 1];
    float max_pruned = 0, min_kept = 1e30f;
    int64_t z = 0;
    for (int64_t i = 0; i < cnt; ++i) {
      const bool pz = after[L.w[l] + i] == 0.f;
      zero[l].push_back(pz);
      z += pz;
      if (pz) max_pruned = std::max(max_pruned, std::fabs(before[L.w[l] + i]));
      else min_kept = std::min(min_kept, std::fabs(before[L.w[l] + i]));
    }
    std::printf("layer %zu: %lld of %lld weights zero; largest pruned |w| %.4g <= smallest kept %.4g\n", l,
                (long long)z, (long long)cnt, max_pruned, min_kept);
    CHECK(2 * z >= cnt, "layer %zu: %lld zeros of %lld < 50%%", l, (long long)z, (long long)cnt);
    CHECK(z == (cnt + 1) / 2, "layer %zu: %lld zeros, expected ceil(cnt/2) = %lld", l, (long long)z, (long long)(cnt + 1) / 2);
    CHECK(max_pruned <= min_kept, "layer %zu: pruned |w| %.4g > kept %.4g", l, max_pruned, min_kept);
  }
  CHECK(ams_mlp_nonzero_weights(m.get()) == count_nonzero_w(s, L, after), "nonzero_weights %lld vs %lld",
        (long long)ams_mlp_nonzero_weights(m.get()), (long long)count_nonzero_w(s, L, after));
  for (int e = 0; e < 3; ++e) OK(ams_mlp_train_epoch(m.get(), d.get(), 32, 1, nullptr));
  const std::vector<float> trained = params_of(m.get());
  int64_t revived = 0, moved = 0;
  for (size_t l = 0; l < L.w.size(); ++l)
    for (size_t i = 0; i < zero[l].size(); ++i) {
      const float v = trained[L.w[l] + i];
      if (zero[l][i] && v != 0.f) ++revived;
      if (!zero[l][i] && v != after[L.w[l] + i]) ++moved;
    }
  CHECK(revived == 0, "%lld pruned weights became non-zero after training", (long long)revived);
  CHECK(moved > 0, "kept weights did not train");
  const int64_t nz = ams_mlp_nonzero_weights(m.get());
  CHECK(nz == count_nonzero_w(s, L, trained), "nonzero_weights %lld vs counted %lld", (long long)nz, (long long)count_nonzero_w(s, L, trained));
  CHECK(ams_mlp_weight_count(m.get()) == 8 * 20 + 20 * 12 + 12 * 3, "weight_count %lld", (long long)ams_mlp_weight_count(m.get()));

  // lower sparsity: no change; higher: a superset of zeros
  OK(ams_mlp_prune(m.get(), AMS_PRUNE_WEIGHTS, 0.2f));
  CHECK(params_of(m.get()) == trained, "pruning to a lower sparsity changed the network");
  OK(ams_mlp_prune(m.get(), AMS_PRUNE_WEIGHTS, 0.8f));
  const std::vector<float> p8 = params_of(m.get());
  for (size_t l = 0; l < L.w.size(); ++l) {
    const int64_t cnt = int64_t(s.sizes[l]) * s.sizes[l + 1];
    int64_t z = 0, kept_old = 0;
    for (int64_t i = 0; i < cnt; ++i) {
      z += p8[L.w[l] + i] == 0.f;
      kept_old += zero[l][size_t(i)] && p8[L.w[l] + i] != 0.f;
    }
    CHECK(10 * z >= 8 * cnt, "layer %zu: %lld zeros of %lld after prune(0.8)", l, (long long)z, (long long)cnt);
    CHECK(kept_old == 0, "layer %zu: prune(0.8) revived %lld old zeros", l, (long long)kept_old);
  }
  std::printf("weights: zeros survive 3 epochs; prune(0.2) no-op; prune(0.8) superset; nonzero %lld\n",
              (long long)ams_mlp_nonzero_weights(m.get()));
}

void neurons_test() {
  Spec s;
  s.sizes = {6, 16, 8, 4};
  s.act = {AMS_ACT_TANH, AMS_ACT_SIGMOID};  // sigmoid(0) = 0.5: the outgoing row must be cut
  s.bn = {1, 0};
  const Layout L = layout(s);
  DataPtr d = make_data(200, 6, 4, 0, 3);
  MlpPtr m = make_mlp(s, 4);
  OK(ams_mlp_set_optimizer(m.get(), AMS_OPT_MOMENTUM, 0.05f, 0.9f, 0, 0, 0, 1e-3f, 0));
  OK(ams_mlp_train_epoch(m.get(), d.get(), 20, 1, nullptr));
  const std::vector<float> before = params_of(m.get());
  OK(ams_mlp_prune(m.get(), AMS_PRUNE_NEURONS, 0.25f));
  for (int e = 0; e < 3; ++e) OK(ams_mlp_train_epoch(m.get(), d.get(), 20, 1, nullptr));
  const std::vector<float> p = params_of(m.get());
  for (size_t l = 0; l + 1 < L.w.size(); ++l) {
    const int in = s.sizes[l], out = s.sizes[l + 1], nxt = s.sizes[l + 2];
    int dead = 0;
    double max_dead = 0, min_alive = 1e300;
    for (int j = 0; j < out; ++j) {
      double sq = 0;
      for (int i = 0; i < in; ++i) sq += double(before[L.w[l] + i * out + j]) * before[L.w[l] + i * out + j];
      bool all = p[L.b[l] + j] == 0.f;
      for (int i = 0; i < in; ++i) all = all && p[L.w[l] + i * out + j] == 0.f;
      for (int o = 0; o < nxt; ++o) all = all && p[L.w[l + 1] + j * nxt + o] == 0.f;
      if (L.g[l] >= 0) all = all && p[L.g[l] + j] == 0.f && p[L.be[l] + j] == 0.f;
      if (all) {
        ++dead;
        max_dead = std::max(max_dead, std::sqrt(sq));
      } else {
        min_alive = std::min(min_alive, std::sqrt(sq));
      }
    }
    const int expect = (out + 3) / 4;
    std::printf("hidden layer %zu: %d of %d neurons fully zero after 3 epochs (expected %d); max pruned norm %.4g <= min kept %.4g\n",
                l, dead, out, expect, max_dead, min_alive);
    CHECK(dead == expect, "layer %zu: %d dead neurons, expected %d", l, dead, expect);
    CHECK(max_dead <= min_alive, "layer %zu: pruned a neuron with norm %.4g > kept %.4g", l, max_dead, min_alive);
  }
  // output layer keeps all units: its bias is untouched by neuron pruning
  int outb_zero = 0;
  for (int j = 0; j < 4; ++j) outb_zero += p[L.b.back() + j] == 0.f;
  CHECK(outb_zero == 0, "output biases zeroed: %d", outb_zero);
  CHECK(ams_mlp_nonzero_weights(m.get()) == count_nonzero_w(s, L, p), "nonzero_weights mismatch");
  double loss = 0, acc = 0;
  OK(ams_mlp_evaluate(m.get(), d.get(), 1, &loss, &acc));
  CHECK(std::isfinite(loss), "loss after neuron pruning %g", loss);
}

}  // namespace

int main() {
  weights_test();
  neurons_test();
  return finish("nn_prune_test");
}
