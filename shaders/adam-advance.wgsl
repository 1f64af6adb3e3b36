// adam-advance: after an Adam step, state = [beta1^t, beta2^t] becomes
// [beta1^(t+1), beta2^(t+1)], multiplied in float32 as TensorFlow.js does.

struct Params {
  beta1: f32,
  beta2: f32,
}

@group(0) @binding(0) var<storage, read_write> state: array<f32, 2>; // [beta1^t, beta2^t]
@group(0) @binding(1) var<uniform> params: Params;                   // the betas

@compute @workgroup_size(1)
fn main() {
  state[0] = state[0] * params.beta1;
  state[1] = state[1] * params.beta2;
}
