"""Arithmetic intensity and roofline-predicted time of a few ops on three chips."""

# --8<-- [start:chips]
# Peak dense compute (FLOP/s) and memory bandwidth (bytes/s), as the vendors publish
# them. The comment beside each number names its entry in this site's hardware registry
# (part, figure), which records the source document; a test keeps the two equal.
CHIPS = {
    # NVIDIA H100 SXM: BF16 on the tensor cores without sparsity (Hopper whitepaper; the
    # datasheet's headline BF16 figure is twice this, it assumes 2:4 sparsity). HBM3.
    "H100 SXM (BF16)": {
        "flops": 989.4e12,  # registry: h100-sxm bf16-dense
        "bandwidth": 3.35e12,  # registry: h100-sxm bandwidth
    },
    # Google Cloud TPU v5e, one chip: BF16 on the matrix units. HBM bandwidth as Google's
    # v5e page gives it, in binary units (GiB/s).
    "TPU v5e (BF16)": {
        "flops": 197e12,  # registry: tpu-v5e bf16-dense
        "bandwidth": 800 * 2**30,  # registry: tpu-v5e bandwidth
    },
    # A server CPU socket, invented (no CPU in the registry has both figures from its
    # vendor): 64 cores x 2 FMA units x 16 FP32 lanes x 2 FLOPs x 2.0 GHz, and 8 channels
    # of DDR5-4800, 8 bytes wide. The CPU chapter works through it.
    "example CPU (FP32)": {
        "flops": 64 * 2 * 16 * 2 * 2.0e9,  # invented: the CPU chapter's example socket
        "bandwidth": 8 * 4800e6 * 8,  # invented: the CPU chapter's example socket
    },
}
# --8<-- [end:chips]


# --8<-- [start:ops]
def matmul(n, m, k, bytes_per_element):
    """C[n,m] = A[n,k] @ B[k,m]: one multiply and one add per (i, j, l)."""
    flops = 2 * n * m * k
    traffic = (n * k + k * m + n * m) * bytes_per_element  # read A, B; write C
    return flops, traffic


def elementwise_add(size, bytes_per_element):
    """z = x + y: one FLOP per element, two reads and one write."""
    return size, 3 * size * bytes_per_element


OPS = {
    "matmul 4096^3": matmul(4096, 4096, 4096, 2),
    "matmul 256^3": matmul(256, 256, 256, 2),
    "dense 4096x4096, batch 1": matmul(1, 4096, 4096, 2),
    "dense 4096x4096, batch 512": matmul(512, 4096, 4096, 2),
    "add 16M elements": elementwise_add(16 * 2**20, 2),
}
# --8<-- [end:ops]

# --8<-- [start:roofline]
print(f"{'op':28} {'FLOPs/byte':>10}  " + "  ".join(f"{c:>18}" for c in CHIPS))
for name, (flops, traffic) in OPS.items():
    cells = []
    for chip in CHIPS.values():
        t_compute = flops / chip["flops"]
        t_memory = traffic / chip["bandwidth"]
        bound = "compute" if t_compute >= t_memory else "memory"
        cells.append(f"{max(t_compute, t_memory) * 1e6:9.2f} us {bound:>7}")
    print(f"{name:28} {flops / traffic:10.1f}  " + "  ".join(cells))

for name, chip in CHIPS.items():
    print(f"ridge point of {name}: {chip['flops'] / chip['bandwidth']:.0f} FLOPs/byte")
# --8<-- [end:roofline]
