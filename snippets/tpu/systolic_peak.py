"""From Google's documented MXU counts and peak BF16 FLOP/s, work out the implied clock."""

# Per chip, from the Cloud TPU documentation: TensorCores, MXUs per TensorCore,
# and peak bf16 compute. Each MXU is a 128 x 128 array of multiply-accumulators.
GENERATIONS = {
    "v3": (2, 2, 123e12),
    "v4": (2, 4, 275e12),
    "v5e": (1, 4, 197e12),
    "v5p": (2, 4, 459e12),
}
MXU_SIDE = 128

for name, (tensorcores, mxus, peak) in GENERATIONS.items():
    macs_per_cycle = tensorcores * mxus * MXU_SIDE**2
    flops_per_cycle = 2 * macs_per_cycle  # one multiply + one add per MAC
    clock_ghz = peak / flops_per_cycle / 1e9
    print(
        f"{name:>4}: {macs_per_cycle:>7,} MACs/cycle -> "
        f"{peak / 1e12:5.0f} TFLOP/s needs {clock_ghz:.2f} GHz"
    )
