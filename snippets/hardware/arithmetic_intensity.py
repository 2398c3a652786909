"""Arithmetic intensity and roofline-predicted time of a few ops on datasheet chips."""

# --8<-- [start:chips]
# Peak dense compute and memory bandwidth, as the vendors publish them.
CHIPS = {
    # NVIDIA H100 SXM: 989.4 TFLOP/s dense BF16 (NVIDIA H100 Tensor Core GPU Architecture
    # whitepaper; the datasheet's 1,979 assumes 2:4 sparsity), 3.35 TB/s HBM3 (datasheet).
    "H100 SXM (BF16)": {"flops": 989.4e12, "bandwidth": 3.35e12},
    # Google Cloud TPU v5e: 197 TFLOP/s BF16 per chip, 800 GiB/s of HBM (binary units).
    # Source: Google Cloud TPU v5e documentation.
    "TPU v5e (BF16)": {"flops": 197e12, "bandwidth": 800 * 2**30},
    # AMD EPYC 9654 (Zen 4, 96 cores): 96 x 32 FP32 FLOPs/cycle x 2.4 GHz base clock;
    # 12 channels of DDR5-4800 x 8 bytes = 460.8 GB/s. Sources: AMD EPYC 9654 product
    # page (cores, base clock, channels, memory speed) and the CPU chapter's arithmetic.
    "EPYC 9654 (FP32)": {"flops": 96 * 32 * 2.4e9, "bandwidth": 12 * 4800e6 * 8},
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
