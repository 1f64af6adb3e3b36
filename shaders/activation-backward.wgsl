// Dense backward, through the activation: dz = dy * act'(z), written from
// the saved output y = act(z) (each derivative is a function of y):
// relu 1 where y > 0, sigmoid y (1 - y), tanh 1 - y². Softmax mixes a row
// and has its own kernel (softmax-backward.wgsl).

struct Params {
  total: u32, // elements
  act: u32,   // 1 relu, 2 sigmoid, 3 tanh
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;          // [total] output gradient
@group(0) @binding(1) var<storage, read> y: array<f32>;           // [total] saved output
@group(0) @binding(2) var<storage, read_write> dz: array<f32>;    // [total] gradient before the activation
@group(0) @binding(3) var<uniform> params: Params;                // size and activation

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let out = y[i];
  var slope = 1.0;
  switch params.act {
    case 1u: { slope = select(0.0, 1.0, out > 0.0); }
    case 2u: { slope = out * (1.0 - out); }
    case 3u: { slope = 1.0 - out * out; }
    default: {}
  }
  dz[i] = dy[i] * slope;
}
