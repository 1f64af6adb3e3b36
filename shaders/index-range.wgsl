// index-range: counts the entries of an index tensor outside [0, upper) in
// an op's status, each entry once, whatever the op's own kernel visits. An
// op that does not visit every entry exactly once uses it: embeddingBag walks
// bags, and GPU-resident offsets may overlap (when they decrease) or leave
// entries in no bag, so its kernel only skips bad entries and this counts them.

struct Params {
  count: u32, // entries in `indices`
  upper: u32, // valid entries lie in [0, upper)
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;                // the op's index tensor, flat
@group(0) @binding(1) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(2) var<uniform> params: Params;                           // sizes

override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.count) { return; }
  let value = indices[i];
  if (value < 0 || u32(value) >= params.upper) {
    atomicAdd(&status[0], 1u);
    atomicMin(&status[1], i);
  }
}
