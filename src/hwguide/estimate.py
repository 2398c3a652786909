"""The estimator's formulas, in Python: roofline bounds, training memory, transformer time.

The estimator page (``docs/tools/estimator.md``) computes in the reader's browser
with ``docs/assets/estimator.js``, which holds the same formulas in JavaScript;
``tests/test_estimator_browser.py`` sets cases through the page's form and holds
its numbers equal to this module's. The build uses this module for the
calibration table (:mod:`hwguide.render.calibration`).

Every input is a registry figure (a chip's peak, bandwidth and memory, from
``data/hardware.json`` or :func:`hwguide.registry.load`) or a number the reader
gives; nothing here is a hardware figure. Units: FLOP (or integer ops), bytes,
seconds, FLOP/s, bytes/s.

Sources of the rules of thumb (all cited on docs/hardware/index.md):

- a matrix multiply of (m×k)·(k×n) does m·n·k multiply-adds, 2·m·n·k FLOPs;
- roofline (Williams, Waterman and Patterson, 2009): time ≥ max(FLOPs ÷ peak,
  bytes ÷ bandwidth);
- a dense layer's forward pass costs about 2 FLOPs per weight per example and a
  training step about 3× the forward pass; for transformers about 6 FLOPs per
  parameter per training token (Kaplan et al., 2020, arXiv:2001.08361);
- Adam keeps two moment estimates per parameter (Kingma and Ba, 2015); in float32,
  8 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .registry.schema import COMPUTE_KEY, SCALE

#: FLOPs of one multiply-add.
FLOPS_PER_MAC = 2
#: Forward pass of a dense layer: one multiply-add per weight per example.
FORWARD_FLOPS_PER_PARAM = 2
#: A training step is about three forward passes (the backward pass computes two
#: products of the forward's size: gradients of the inputs and of the weights).
TRAINING_OVER_FORWARD = 3
#: Kaplan et al. (2020): training FLOPs ≈ 6 · parameters · tokens.
TRANSFORMER_FLOPS_PER_PARAM_TOKEN = FORWARD_FLOPS_PER_PARAM * TRAINING_OVER_FORWARD
#: Keras keeps variables in float32, also under its mixed precision policies.
FLOAT32_BYTES = 4
#: Adam: two float32 moments per parameter.
ADAM_BYTES = 2 * FLOAT32_BYTES
#: The utilisation the page starts from: an assumption, not a measurement.
DEFAULT_UTILISATION = 0.4
#: Bytes per element of the dtypes the matmul benchmark measures.
DTYPE_BYTES = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1}
#: Preferred default compute keys, in order: dense first, never a sparse peak.
DEFAULT_KEYS = ("bf16-dense", "fp16-dense", "tf32-dense", "fp32-dense", "fp32-vector")


class EstimateError(ValueError):
    """An input the formulas cannot use (a missing figure, a non-positive size)."""


# --- chips from the registry ---------------------------------------------------


@dataclass(frozen=True)
class Chip:
    """The figures one estimate uses: a peak (named by its key), bandwidth, memory."""

    part: str
    name: str
    key: str
    peak: float  # FLOP/s (ops/s for an integer key)
    bandwidth: float | None  # bytes/s
    memory: float | None  # bytes


def compute_keys(part: dict) -> list[str]:
    """A part's compute keys (as in hardware.json), dense before vector before sparse."""
    order = {"dense": 0, "vector": 1, "sparse": 2}
    keys = [k for k in part["figures"] if COMPUTE_KEY.match(k)]
    return sorted(keys, key=lambda k: order[COMPUTE_KEY.match(k)["kind"]])


def default_key(part: dict) -> str | None:
    """bf16-dense where the part has it, else another dense or vector peak; never sparse."""
    keys = compute_keys(part)
    for key in DEFAULT_KEYS:
        if key in keys:
            return key
    return next((k for k in keys if not k.endswith("-sparse")), None)


def usable(part: dict) -> bool:
    """A part the estimator offers: one with a compute peak and a memory bandwidth."""
    return bool(compute_keys(part)) and "bandwidth" in part["figures"]


def base(figure: dict) -> float:
    """A hardware.json figure in bytes, bytes/s, FLOP/s or ops/s (its upper value)."""
    return figure["value"] * SCALE[figure["unit"]]


def chip(data: dict, part_id: str, key: str) -> Chip:
    """Chip ``part_id`` of hardware.json ``data``, its peak ``key``."""
    try:
        part = data["parts"][part_id]
    except KeyError:
        raise EstimateError(f"no part {part_id!r} in the registry") from None
    figures = part["figures"]
    if not COMPUTE_KEY.match(key) or key not in figures:
        raise EstimateError(f"part {part_id!r} has no compute figure {key!r}")
    memory = figures.get("memory")
    bandwidth = figures.get("bandwidth")
    return Chip(
        part=part_id,
        name=part["name"],
        key=key,
        peak=base(figures[key]),
        bandwidth=base(bandwidth) if bandwidth else None,
        memory=base(memory) if memory else None,
    )


# --- roofline ---------------------------------------------------------------------


@dataclass(frozen=True)
class Bound:
    """The roofline lower bound on the time of ``flops`` and ``bytes`` on one chip."""

    flops: float
    bytes: float
    intensity: float  # FLOP per byte
    ridge: float | None  # the chip's peak ÷ bandwidth
    compute_s: float  # flops ÷ peak
    memory_s: float | None  # bytes ÷ bandwidth
    time_s: float  # the larger of the two
    bound_by: str  # "compute" or "memory"
    attainable: float  # flops ÷ time_s: the roof at this intensity


def roofline(flops: float, nbytes: float, peak: float, bandwidth: float | None) -> Bound:
    """time ≥ max(flops ÷ peak, bytes ÷ bandwidth); without a bandwidth, compute only."""
    _positive(flops=flops, peak=peak)
    compute_s = flops / peak
    memory_s = nbytes / bandwidth if bandwidth else None
    memory_bound = memory_s is not None and memory_s > compute_s
    time_s = memory_s if memory_bound else compute_s
    return Bound(
        flops=flops,
        bytes=nbytes,
        intensity=flops / nbytes if nbytes > 0 else float("inf"),
        ridge=peak / bandwidth if bandwidth else None,
        compute_s=compute_s,
        memory_s=memory_s,
        time_s=time_s,
        bound_by="memory" if memory_bound else "compute",
        attainable=flops / time_s,
    )


# --- workloads ----------------------------------------------------------------


def matmul_flops(m: int, n: int, k: int) -> float:
    """(m×k)·(k×n): m·n outputs, each k multiply-adds."""
    _positive(m=m, n=n, k=k)
    return float(FLOPS_PER_MAC * m * n * k)


def matmul_bytes(m: int, n: int, k: int, dtype_bytes: float) -> float:
    """Each input read once and the output written once: (m·k + k·n + m·n) elements."""
    _positive(m=m, n=n, k=k, dtype_bytes=dtype_bytes)
    return float((m * k + k * n + m * n) * dtype_bytes)


def matmul(m: int, n: int, k: int, dtype_bytes: float, on: Chip) -> Bound:
    return roofline(
        matmul_flops(m, n, k), matmul_bytes(m, n, k, dtype_bytes), on.peak, on.bandwidth
    )


@dataclass(frozen=True)
class Memory:
    """Bytes a model's weights take to train with Adam, and to serve."""

    weights: float
    gradients: float
    optimizer: float
    training: float  # the three above; activations not included
    inference: float  # weights only, in the serving format


def model_memory(params: float, inference_bytes: float) -> Memory:
    """Training: float32 weights + float32 gradients + Adam's two float32 moments
    (16 bytes per parameter). Serving: the weights in a format of ``inference_bytes``."""
    _positive(params=params, inference_bytes=inference_bytes)
    weights = params * FLOAT32_BYTES
    gradients = params * FLOAT32_BYTES
    optimizer = params * ADAM_BYTES
    return Memory(
        weights=weights,
        gradients=gradients,
        optimizer=optimizer,
        training=weights + gradients + optimizer,
        inference=params * inference_bytes,
    )


def fraction_of_memory(nbytes: float, on: Chip) -> float | None:
    """``nbytes`` as a fraction of the chip's memory (above 1: it does not fit)."""
    return nbytes / on.memory if on.memory else None


def forward_flops_dense(params: float) -> float:
    """FLOPs of one example's forward pass through dense layers: 2 per weight."""
    _positive(params=params)
    return FORWARD_FLOPS_PER_PARAM * params


def training_time(flops: float, on: Chip, utilisation: float) -> float:
    """Seconds to do ``flops`` at ``utilisation`` of the chip's peak (an assumption)."""
    _positive(flops=flops)
    if not 0 < utilisation <= 1:
        raise EstimateError(f"utilisation must be in (0, 1], not {utilisation}")
    return flops / (on.peak * utilisation)


@dataclass(frozen=True)
class KerasStep:
    """One step of a dense or convolutional Keras model at batch ``batch``."""

    forward_flops: float  # per example
    training_flops: float  # per step: 3 × forward × batch
    training_s: float  # per step, at the utilisation
    inference: Bound  # one forward step at the batch: FLOPs against weight bytes


def keras_step(
    forward_flops: float,
    params: float,
    batch: int,
    inference_bytes: float,
    on: Chip,
    utilisation: float,
) -> KerasStep:
    """``forward_flops`` per example: 2 · params for dense layers (forward_flops_dense);
    a convolution reuses its weights at every position, so give its FLOPs."""
    _positive(forward_flops=forward_flops, batch=batch)
    training = TRAINING_OVER_FORWARD * forward_flops * batch
    inference = roofline(forward_flops * batch, params * inference_bytes, on.peak, on.bandwidth)
    return KerasStep(
        forward_flops=forward_flops,
        training_flops=training,
        training_s=training_time(training, on, utilisation),
        inference=inference,
    )


@dataclass(frozen=True)
class TransformerRun:
    flops: float  # 6 · N · D
    time_s: float  # at the utilisation
    tokens_per_step: float  # sequence length × batch
    steps: float  # D ÷ tokens per step
    step_s: float  # time of one step at the utilisation


def transformer_training(
    params: float, tokens: float, seq_len: int, batch: int, on: Chip, utilisation: float
) -> TransformerRun:
    """Training FLOPs ≈ 6·N·D (Kaplan et al., 2020); time at ``utilisation`` of the peak."""
    _positive(params=params, tokens=tokens, seq_len=seq_len, batch=batch)
    flops = TRANSFORMER_FLOPS_PER_PARAM_TOKEN * params * tokens
    per_step = float(seq_len * batch)
    return TransformerRun(
        flops=flops,
        time_s=training_time(flops, on, utilisation),
        tokens_per_step=per_step,
        steps=tokens / per_step,
        step_s=training_time(
            TRANSFORMER_FLOPS_PER_PARAM_TOKEN * params * per_step, on, utilisation
        ),
    )


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise EstimateError(f"{name} must be positive, not {value!r}")
