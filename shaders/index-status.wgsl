// index-status: completes an out-of-range report whose index tensor is being
// released before the report was read. The op's kernel counts bad indices and
// keeps the lowest bad position with atomics; which invocation held the lowest
// is only known once all are done, so the bad index itself is fetched later:
// by the read, from the index tensor, or, if that tensor is released first,
// by this one-invocation dispatch, submitted just before its buffer goes,
// which copies it next to its position.

struct Params {
  count: u32, // entries in `indices`
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;        // the op's index tensor, flat
@group(0) @binding(1) var<storage, read_write> status: array<u32, 4>; // [bad count, first bad position, bad index, -]
@group(0) @binding(2) var<uniform> params: Params;                   // shapes

@compute @workgroup_size(1)
fn main() {
  let first = status[1];
  if (status[0] > 0u && first < params.count) {
    status[2] = bitcast<u32>(indices[first]);
  }
}
