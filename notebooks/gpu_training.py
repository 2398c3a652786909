# %% [markdown]
# # Lab: GPU-accelerated training with TensorFlow and Keras
#
# In this lab you train the same small Keras network on the CPU and on a GPU, and measure
# the difference fairly.
#
# **Learning objectives.** After this lab you can:
#
# 1. explain why the architecture of a GPU suits neural-network training, and when it does not;
# 2. check that TensorFlow sees a GPU, and fix the usual reasons it does not;
# 3. write Keras code that uses a GPU without changing the model, and pin work to one device;
# 4. measure CPU against GPU training time fairly, and read where the GPU helps most.
#
# **How to run it.** Run the cells in order. With a GPU (a Colab GPU runtime, or your own
# NVIDIA GPU with a CUDA-enabled TensorFlow) you get both columns of the comparison. Without
# one, the lab still runs from top to bottom on the CPU and says so in its output: the GPU
# column then reads "no GPU". The environment variable `LAB_SIZE` picks the size: `full`
# (the default: a few minutes on a GPU runtime) or `small` (a quick check that finishes in
# well under a minute on a laptop CPU, too small to say anything about speed).

# %% [markdown]
# ## Why the architecture matters for this workload
#
# Training a neural network is dominated by a few kinds of operation: matrix multiplications
# and convolutions (which libraries turn into matrix multiplications), plus cheap
# element-wise work such as activations and optimizer updates. A matrix multiplication does
# many multiply-adds per number it reads, and all of them are independent, so it rewards
# hardware that can do a great many of them at once.
#
# A [CPU](../hardware/cpu.md) has a few powerful cores built to finish one stream of
# instructions with low *latency*: large caches, branch prediction, out-of-order execution.
# Its vector units make it respectable at matrix maths, but it has only a few of them.
# A [GPU](../hardware/gpu.md) spends its silicon on *throughput* instead: thousands of
# simpler lanes, and on recent NVIDIA GPUs Tensor Cores for matrix multiply-adds, fed
# by memory with much higher bandwidth than a CPU's. When a layer is large enough to keep
# all those lanes busy, the GPU finishes far more work per second.
#
# The catch is overhead. Each operation on a GPU is a kernel that the host must launch,
# and the inputs must cross the link between host and device. For a tiny layer or a tiny
# batch, that fixed cost per step is larger than the arithmetic, and the GPU waits on the
# CPU instead of computing. So the question is not "is a GPU faster?" but "from what size of
# work on?": that is what the measurement below sweeps. The
# [hardware overview](../hardware/index.md) compares the families, and
# [Which devices does TensorFlow see?](../tensorflow/devices.md) explains device names and
# placement in detail.

# %% [markdown]
# ## Setup
#
# `LAB_SIZE` sets how much data, which model widths, and how many timed steps and repeats.

# %%
import os
import statistics
import sys
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow's start-up chatter
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

IN_NOTEBOOK = "ipykernel" in sys.modules
if not IN_NOTEBOOK:
    import matplotlib

    matplotlib.use("Agg")  # run as a plain script: draw off-screen, show nothing
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import LogLocator, NullFormatter  # noqa: E402

if IN_NOTEBOOK:
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg")  # charts as SVG: sharp at any size
plt.rcParams["svg.fonttype"] = "none"  # SVG text stays text: smaller, and searchable

LAB_SIZE = os.environ.get("LAB_SIZE", "full")
SIZES = {
    # n_images, widths swept, batch size, timed steps per repeat, repeats
    "small": dict(n_images=512, widths=[4, 16], batch_size=32, steps=3, repeats=3),
    "full": dict(
        n_images=8192, widths=[4, 8, 16, 32, 64, 128], batch_size=128, steps=10, repeats=5
    ),
}
if LAB_SIZE not in SIZES:
    raise ValueError(f"LAB_SIZE must be 'small' or 'full', not {LAB_SIZE!r}")
CFG = SIZES[LAB_SIZE]
print(f"LAB_SIZE={LAB_SIZE}: {CFG}")
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}")

# %% [markdown]
# ## Step 1: does TensorFlow see a GPU?

# %%
gpus = tf.config.list_physical_devices("GPU")
print("Physical devices:", [d.name for d in tf.config.list_physical_devices()])
print("Built with CUDA:", tf.test.is_built_with_cuda())
HAS_GPU = bool(gpus)
if HAS_GPU:
    details = tf.config.experimental.get_device_details(gpus[0])
    print("GPU found:", details.get("device_name", gpus[0].name))
else:
    print("No GPU visible to TensorFlow: this run uses the CPU only.")
    print('The GPU column of the results will read "no GPU". See the next cell for fixes.')

# %% [markdown]
# If the list has no `GPU` entry, one of three things is missing. Check them in this order:
#
# 1. **A GPU and its driver.** In a terminal, `nvidia-smi` should list the GPU and a driver
#    version. If the command is missing or fails, install the NVIDIA driver first.
#    On Colab, choose *Runtime > Change runtime type*, select a GPU, and run the lab again.
# 2. **A TensorFlow build with CUDA.** `tf.test.is_built_with_cuda()` above must be `True`;
#    it is `False` for the `tensorflow-cpu` package and for the macOS builds.
# 3. **The CUDA libraries that build expects.** On Linux, install them from PyPI together
#    with TensorFlow:
#
#    ```bash
#    pip install "tensorflow[and-cuda]"
#    ```
#
#    On Windows, native GPU support ended with TensorFlow 2.10; use WSL2 and the Linux
#    instructions inside it ([TensorFlow install guide](https://www.tensorflow.org/install/pip)).
#
# Restart the kernel after changing any of these: TensorFlow looks for devices once, when
# it starts.

# %% [markdown]
# ## Step 2: a data set made in the notebook
#
# Synthetic 32×32 RGB images in 10 classes: each class has its own smooth colour pattern,
# and each image is its class pattern plus noise. A network can learn the classes, and
# nothing is downloaded. Fixed seeds make every run see the same data.

# %%
rng = np.random.default_rng(0)
N_CLASSES = 10
coarse = rng.normal(size=(N_CLASSES, 4, 4, 3)).astype("float32")
templates = coarse.repeat(8, axis=1).repeat(8, axis=2)  # 10 patterns of 32x32x3
labels = rng.integers(0, N_CLASSES, size=CFG["n_images"]).astype("int32")
noise = rng.normal(scale=1.0, size=(CFG["n_images"], 32, 32, 3)).astype("float32")
images = templates[labels] + noise
print("images:", images.shape, images.dtype, "labels:", labels.shape)


def make_dataset(batch_size):
    """A tf.data pipeline cached in memory, so input is never the bottleneck."""
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    ds = ds.cache().shuffle(len(labels), seed=0).batch(batch_size, drop_remainder=True)
    return ds.repeat().prefetch(tf.data.AUTOTUNE)


# %% [markdown]
# ## Step 3: Keras uses the GPU without changes to the model
#
# The model below is plain Keras: nothing in it names a device. Its width (the number of
# filters in the first convolution) is a parameter, so we can sweep the amount of work.


# %%
def make_model(width):
    return keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            keras.layers.Conv2D(width, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(2 * width, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(4 * width, 3, padding="same", activation="relu"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(N_CLASSES),
        ]
    )


keras.utils.set_random_seed(0)
model = make_model(16)
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
steps = CFG["n_images"] // 64
# shuffle=False: the tf.data pipeline already shuffles.
history = model.fit(make_dataset(64), epochs=2, steps_per_epoch=steps, shuffle=False, verbose=2)
print("Weights live on:", model.trainable_variables[0].value.device)

# %% [markdown]
# With a GPU visible, TensorFlow places every op that has a GPU kernel on `GPU:0` by
# default, so the same `fit` call trains there and the weights live in GPU memory; on a
# CPU-only machine they live on `CPU:0`. The accuracy should climb well above chance (10 %):
# the classes are learnable.
#
# To choose the device yourself, wrap the code in `tf.device`. Variables created inside
# the scope live on that device, and ops run there:

# %%
with tf.device("/CPU:0"):
    cpu_model = make_model(8)
    out = cpu_model(images[:4])
print("Pinned to the CPU:", cpu_model.trainable_variables[0].value.device, out.device)

if HAS_GPU:
    with tf.device("/GPU:0"):
        gpu_model = make_model(8)
        out = gpu_model(images[:4])
    print("Pinned to the GPU:", gpu_model.trainable_variables[0].value.device, out.device)
else:
    print('Skipping the "/GPU:0" example: no GPU visible.')

# %% [markdown]
# Beware: `with tf.device("/GPU:0")` on a machine without a GPU does **not** fail. Soft
# placement quietly runs the work on the CPU. Always check the device list, or read a
# tensor's `.device`, before trusting a timing.

# %% [markdown]
# ## Step 4: measure fairly
#
# A fair comparison changes only the device. Everything else is the same on both sides:
# model, width, initial weights (same seed), data, batch size and number of steps.
# Four rules make the clock honest:
#
# - **Exclude warm-up.** The first calls of a `tf.function` trace and optimise the graph,
#   and the first GPU steps load kernels and allocate memory. We build the model and run a
#   few steps before starting the clock.
# - **Wait for the device before stopping the clock.** GPU work is *asynchronous*: a
#   training step returns as soon as its kernels are queued, long before they finish.
#   Converting the last loss to a Python `float` forces TensorFlow to wait until the device
#   has finished every queued step (each step depends on the previous one's weights).
#   Without it you would time how fast Python queues work, not how fast the GPU does it.
# - **Keep the input out of the way.** The data come from a `tf.data` pipeline cached in
#   memory, with prefetching, so the device never waits for the disk.
# - **Repeat.** Timings vary from run to run; we report the median of several repeats and
#   their range.


# %%
def train_throughput(device, width, batch_size, steps, repeats, warmup_steps=3):
    """Samples per second of training on `device`, one value per timed repeat."""
    keras.utils.set_random_seed(0)  # same initial weights on every device
    with tf.device(device):
        model = make_model(width)
        optimizer = keras.optimizers.SGD(0.01, momentum=0.9)
        optimizer.build(model.trainable_variables)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    batches = iter(make_dataset(batch_size))

    @tf.function
    def train_step(x, y):
        with tf.device(device):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    for _ in range(warmup_steps):  # tracing, kernel loading, memory allocation
        loss = train_step(*next(batches))
    float(loss)  # wait until the warm-up has really finished
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            loss = train_step(*next(batches))
        float(loss)  # synchronise: the device has finished every step
        rates.append(steps * batch_size / (time.perf_counter() - start))
    return rates, loss.device


# %% [markdown]
# Now sweep the model width on each device. The CPU runs first; the GPU, if there is one,
# runs the very same measurement.

# %%
DEVICES = ["/CPU:0"] + (["/GPU:0"] if HAS_GPU else [])
results = {}  # (device, width) -> list of samples/s
for width in CFG["widths"]:
    for device in DEVICES:
        rates, ran_on = train_throughput(
            device, width, CFG["batch_size"], CFG["steps"], CFG["repeats"]
        )
        results[device, width] = rates
        print(
            f"width {width:4d} on {device}: median {statistics.median(rates):10.0f} samples/s"
            f"  (ran on {ran_on.split('/')[-1]})"
        )

# %% [markdown]
# ### Results table
#
# Throughput in training samples per second (higher is better): median of the repeats,
# with the slowest and fastest repeat in brackets.


# %%
def cell(rates):
    return f"{statistics.median(rates):,.0f} ({min(rates):,.0f}–{max(rates):,.0f})"


header = ["width", "CPU samples/s", "GPU samples/s", "GPU / CPU"]
rows = []
for width in CFG["widths"]:
    cpu = results["/CPU:0", width]
    if HAS_GPU:
        gpu = results["/GPU:0", width]
        ratio = f"{statistics.median(gpu) / statistics.median(cpu):.1f}×"
        rows.append([str(width), cell(cpu), cell(gpu), ratio])
    else:
        rows.append([str(width), cell(cpu), "no GPU", "–"])

table = "\n".join(
    ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    + ["| " + " | ".join(row) + " |" for row in rows]
)
caption = (
    f"Batch size {CFG['batch_size']}, {CFG['steps']} timed steps per repeat, "
    f"{CFG['repeats']} repeats, LAB_SIZE={LAB_SIZE}."
)
if IN_NOTEBOOK:
    from IPython.display import Markdown, display

    display(Markdown(table + "\n\n" + caption))
else:
    print(table, caption, sep="\n\n")

# %% [markdown]
# ### Throughput against model width

# %%
COLOURS = {"/CPU:0": "#0072B2", "/GPU:0": "#E69F00"}  # Okabe-Ito: colour-blind safe
MARKERS = {"/CPU:0": "o", "/GPU:0": "s"}
plt.rcParams["font.size"] = 11  # still legible when the chart shrinks to a phone's width
fig, ax = plt.subplots(figsize=(4.8, 3.6))
for device in DEVICES:
    medians = [statistics.median(results[device, w]) for w in CFG["widths"]]
    lows = [medians[i] - min(results[device, w]) for i, w in enumerate(CFG["widths"])]
    highs = [max(results[device, w]) - medians[i] for i, w in enumerate(CFG["widths"])]
    ax.errorbar(
        CFG["widths"],
        medians,
        yerr=[lows, highs],
        label=device.strip("/"),
        color=COLOURS[device],
        marker=MARKERS[device],
        capsize=3,
    )
ax.set_xscale("log", base=2)
ax.set_xticks(CFG["widths"], [str(w) for w in CFG["widths"]])
ax.set_yscale("log")
# Plain numbers on the log axis (1,000 rather than 10³), at 1, 2 and 5 of each decade.
ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
ax.yaxis.set_major_formatter("{x:,.0f}")
ax.yaxis.set_minor_formatter(NullFormatter())
ax.set_xlabel("model width (filters in the first convolution)")
ax.set_ylabel("training throughput (samples/s)")
title = f"Batch size {CFG['batch_size']}, LAB_SIZE={LAB_SIZE}"
ax.set_title(title if HAS_GPU else title + "\nno GPU on this machine: CPU only")
ax.legend()
ax.grid(True, which="both", alpha=0.3)
fig.tight_layout()
if IN_NOTEBOOK:
    plt.show()
else:
    plt.close(fig)

# %% [markdown] tags=["caption"]
# Training throughput in samples per second against model width, both on log scales: the
# results table above, drawn. One line per device that ran, the CPU in blue with circles and
# the GPU in orange with squares; each point is the median of the repeats, and its bar spans
# the slowest to the fastest repeat.

# %% [markdown]
# ### Reading the results
#
# - **Small widths.** Each step does little arithmetic, so the fixed cost per step
#   dominates: launching kernels, copying the batch to the device, running Python. Look at
#   how close the two lines are at the left of the chart; a GPU can even be slower there.
# - **Large widths.** The work per step grows roughly with the square of the width (the
#   middle and last convolutions connect `width × 2·width` and `2·width × 4·width`
#   channels). Expect the CPU's throughput to fall as the work grows, and the GPU's to
#   stay flatter until its lanes are full: that is where the ratio in the table should be
#   largest. Check whether your measurement agrees.
# - **If there is no GPU line**, this run had no GPU: the numbers describe only the CPU. Run
#   the lab on a GPU runtime to see the comparison. With `LAB_SIZE=small` the timings are
#   too short to mean much; they only show that the code runs.

# %% [markdown]
# ## Exercises
#
# Predict the outcome before you run each one, then measure.
#
# **1. Mixed precision.** Before building the models, call
# `keras.mixed_precision.set_global_policy("mixed_float16")` on an NVIDIA GPU (or
# `"mixed_bfloat16"` on a CPU or TPU that supports bfloat16) and run the sweep again. Which
# widths do you expect to gain, and which not at all?
#
# <details><summary>Answer</summary>
#
# Mixed precision computes layers in 16-bit floats while keeping the weights in float32. On
# GPUs with Tensor Cores, float16 matrix multiplications and convolutions run at a much
# higher peak than float32, and the activations take half the memory traffic. The large
# widths, where the GPU is busy computing, should gain; the small widths are bound by
# per-step overhead, which 16-bit arithmetic does not shrink, so they should barely
# change. On a CPU, only processors with bfloat16 support in hardware (recent Intel Xeons,
# for example) can gain; on others `mixed_bfloat16` may gain nothing, or lose time to the
# casts between dtypes ([TensorFlow mixed precision guide](https://www.tensorflow.org/guide/mixed_precision)).
# Keras also needs the final layer's output in float32 for a numerically stable loss:
# give the last `Dense` layer `dtype="float32"`. The
# [mixed precision chapter](../tensorflow/mixed-precision.md) explains the details.
# </details>
#
# **2. Double the batch size.** Set `CFG["batch_size"]` to twice its value and re-run the
# sweep. What happens to the GPU/CPU ratio at the smallest width?
#
# <details><summary>Answer</summary>
#
# A step now carries twice as many samples for about the same fixed overhead, so
# throughput rises most where overhead dominated: on the GPU at small widths. The CPU is
# already busy computing, so its samples/s changes less. The ratio at small widths should
# therefore grow. The limit is memory: at some batch size the GPU runs out of it, and a
# larger batch can also change how well the model trains, so batch size is not a free
# speed knob.
# </details>
#
# **3. Forget to synchronise.** Remove the `float(loss)` line inside the timed loop of
# `train_throughput` and measure again on a GPU. What do you expect, and why is it wrong?
#
# <details><summary>Answer</summary>
#
# The GPU throughput appears higher, sometimes absurdly so, because the clock stops when
# Python has *queued* the steps, not when the GPU has finished them. The next repeat then
# pays for the previous one's unfinished work, so the repeats also disagree more. On the
# CPU the change is usually small, because TensorFlow finishes CPU work before the call
# returns, but the rule is the same on every device: make the result depend on all the
# work, then fetch it.
# </details>
#
# **4. Move the input pipeline to the GPU.** Each step copies its batch from host memory to
# the GPU. Keep the whole data set on the GPU instead: create `images` and `labels` as
# tensors inside `with tf.device("/GPU:0")` and slice batches from them in the training
# step. Where do you expect this to help?
#
# <details><summary>Answer</summary>
#
# It removes one host-to-device copy per step. That copy is small next to the arithmetic
# at large widths, so they barely change; at small widths, where the step's fixed costs
# dominate, it can help noticeably. It only works while the data set fits in GPU memory;
# for larger data, `tf.data` with prefetching overlaps the copy with compute instead
# (see [Input pipelines](../tensorflow/input-pipelines.md)).
# </details>
#
# **5. A GPU that is not there.** What happens if you run the GPU measurement on a machine
# without a GPU?
#
# <details><summary>Answer</summary>
#
# With soft placement on (the default), the work silently runs on the CPU and you would
# label a CPU measurement "GPU". That is why this lab builds its device list from
# `tf.config.list_physical_devices("GPU")` and prints the device each step really ran on.
# Calling `tf.config.set_soft_device_placement(False)` turns the silent fallback into an
# error.
# </details>
