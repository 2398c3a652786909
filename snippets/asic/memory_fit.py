"""Rule-of-thumb check: does a model of N parameters fit on a device for training or inference?"""

# --8<-- [start:estimate]
GB = 1e9  # decimal gigabytes, as vendors quote memory


def training_bytes(params, weight_bytes=4, activation_factor=1.0):
    """Adam training in mixed precision or fp32, a rule of thumb.

    Assumptions: fp32 master weights (4 B) + gradients (weight_bytes) + Adam's two moments
    (2 x 4 B); plus an extra low-precision weight copy when weight_bytes < 4; activations
    estimated as `activation_factor` x the weight-state memory (they really depend on batch
    size, sequence length and recomputation). No framework overhead or fragmentation.
    """
    state = params * (4 + weight_bytes + 8 + (weight_bytes if weight_bytes < 4 else 0))
    return state * (1 + activation_factor)


def inference_bytes(params, weight_bytes=2, overhead=0.2):
    """Weights only, plus `overhead` for activations and caches (batch 1, short inputs)."""
    return params * weight_bytes * (1 + overhead)


# --8<-- [end:estimate]


models = {"small CNN (5M)": 5e6, "BERT-base (110M)": 110e6, "7B LLM": 7e9}
devices = {"8 GB laptop GPU": 8 * GB, "24 GB GPU": 24 * GB, "80 GB GPU": 80 * GB}

print("model".ljust(18), "train fp32", "train mixed", "infer bf16", "infer int8", sep=" | ")
for name, n in models.items():
    row = [
        training_bytes(n, 4),
        training_bytes(n, 2),
        inference_bytes(n, 2),
        inference_bytes(n, 1),
    ]
    print(name.ljust(18), *(f"{b / GB:8.2f} GB" for b in row), sep=" | ")

print()
for name, n in models.items():
    fits = [dev for dev, cap in devices.items() if training_bytes(n, 2) <= cap]
    print(f"{name}: mixed-precision Adam training fits on {fits or 'none of them (shard it)'}")
