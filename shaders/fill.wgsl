// fill: every element of a buffer set to one value (the bits of a float32 or
// an int32), e.g. a new optimizer slot or zeroed totals.

struct Params {
  count: u32, // elements in this buffer
  bits: u32,  // the value's 32 bits
}

@group(0) @binding(0) var<storage, read_write> out: array<u32>;  // any 32-bit elements
@group(0) @binding(1) var<uniform> params: Params;                // size and value

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.count) { return; }
  out[i] = params.bits;
}
