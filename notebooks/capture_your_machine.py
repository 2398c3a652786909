# %% [markdown]
# # Capture your machine
#
# This notebook measures the machine it runs on with the same command that measured every
# runner on this site: it runs each snippet in a fresh Python process, then the benchmarks,
# and writes one capture file, `<runner>.json`, named after the machine (for example
# `cpu-zen4-avx512-2c` or `gpu-h100-80gb-hbm3`). The file records the machine, the versions,
# and the outputs and timings, as the site's *Reproduce on your hardware* page describes.
#
# **Where it runs.** In Google Colab (CPU, GPU or TPU runtime: *Runtime > Change runtime
# type*) or any Jupyter. Run the cells in order. If the project's tooling is not installed,
# the first cells clone the repository and install it with TensorFlow. Nothing is uploaded
# anywhere: the file stays with you, and the last cell offers it for download.
#
# **How long.** The default is the whole suite at the `quick` profile, as `make capture` runs it
# (the Reproduce page gives its time on two CPU cores), followed by the lab notebook. A smaller
# run is chosen with the settings below.
#
# **Settings.** Each has a default for readers; change it in the settings cell below, or set
# its environment variable before starting Jupyter:
#
# - `CAPTURE_PROFILE`: the benchmark sizes. `quick` (the default), `full` (for GPUs), or
#   `smoke` (a check that everything runs; its timings mean nothing).
# - `CAPTURE_ONLY`: space-separated path prefixes to run only some snippets, for example
#   `snippets/devices snippets/benchmarks/matmul.py`. Empty (the default): every snippet and
#   benchmark, then the lab notebook.
# - `CAPTURE_OUT`: the folder the file is written to, created if needed. Default:
#   `hwguide-capture`, in the folder the notebook runs in.
# - `CAPTURE_RUNNER`: the runner (file) name. Empty (the default): derived from the machine.

# %% [markdown]
# ## Settings
#
# `REPOSITORY` names the GitHub repository of this site, as `owner/name`. It is only used
# when the tooling is not installed yet. **If it is empty, set it** to the repository the
# site's *Reproduce on your hardware* page names.

# %%
import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

REPOSITORY = ""  # <- "owner/name" of this site's GitHub repository

PROFILE = os.environ.get("CAPTURE_PROFILE", "quick")
ONLY = os.environ.get("CAPTURE_ONLY", "").split()
OUT = Path(os.environ.get("CAPTURE_OUT", "hwguide-capture")).resolve()
RUNNER = os.environ.get("CAPTURE_RUNNER", "")
IN_COLAB = "google.colab" in sys.modules

if PROFILE not in ("smoke", "quick", "full"):
    raise ValueError(f"CAPTURE_PROFILE must be smoke, quick or full, not {PROFILE!r}")
print(f"profile {PROFILE}, only {ONLY or 'everything'}, output folder {OUT}")
print("runner name:", RUNNER or "derived from the machine")

# %% [markdown]
# ## Step 1: what kind of runtime is this?
#
# A first look, before anything is installed, to choose which TensorFlow to install: an
# NVIDIA GPU is what `nvidia-smi` lists; a TPU shows up as accelerator devices or as the
# variables a TPU runtime sets. The capture file records what TensorFlow itself sees, which is
# the answer that counts (shown after the capture).


# %%
def nvidia_gpus() -> list[str]:
    if not shutil.which("nvidia-smi"):
        return []
    try:
        listed = subprocess.run(
            ["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in listed.splitlines() if line.startswith("GPU ")]


def tpu_signs() -> list[str]:
    variables = ("COLAB_TPU_ADDR", "TPU_ACCELERATOR_TYPE", "TPU_NAME")
    signs = [name for name in variables if name in os.environ]
    signs += sorted(str(p) for p in Path("/dev").glob("accel[0-9]*"))
    return signs


GPUS = nvidia_gpus()
TPU = [] if GPUS else tpu_signs()
RUNTIME = "GPU" if GPUS else "TPU" if TPU else "CPU"
if GPUS:
    print("Runtime: GPU.", *GPUS, sep="\n  ")
elif TPU:
    print("Runtime: TPU (found " + ", ".join(TPU) + ").")
    print("This project has no TPU extra: it installs TensorFlow's CPU build, and the capture")
    print("describes what that TensorFlow sees (the host CPU unless it lists a TPU device).")
else:
    print("Runtime: CPU (no NVIDIA GPU: nvidia-smi lists none; no TPU device or variable).")
print(f"{os.cpu_count()} logical CPUs")

# %% [markdown]
# ## Step 2: install the tooling if it is not there
#
# If the `hwguide` package (this site's tooling) is importable, for example because you opened
# this notebook from a clone where you ran `make test` or `pip install -e`, nothing is
# installed. Otherwise the repository is cloned next to the notebook and installed with
# TensorFlow: the `gpu` extra on a GPU runtime (TensorFlow with CUDA from PyPI), the `cpu` extra
# otherwise, plus the `docs` and `test` extras that the capture of the lab notebook needs.


# %%
def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[int, str]:
    """Run ``command``, showing its output in this notebook as it comes: (status, output)."""
    print("$", shlex.join(command), flush=True)
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = []
    for line in process.stdout:
        output.append(line)
        print(line, end="", flush=True)
    return process.wait(), "".join(output)


def run_or_fail(command: list[str], cwd: Path | None = None) -> None:
    status, _ = run(command, cwd)
    if status != 0:
        raise RuntimeError(f"{shlex.join(command)} exited with status {status} (output above)")


spec = importlib.util.find_spec("hwguide")
if spec is not None and spec.origin:
    PROJECT = Path(spec.origin).resolve().parents[2]  # src/hwguide/__init__.py -> the clone
    print(f"hwguide is installed, from {PROJECT}: nothing to install.")
else:
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", REPOSITORY):
        raise RuntimeError(
            f"REPOSITORY is {REPOSITORY!r}: set it in the settings cell to this site's GitHub "
            'repository as "owner/name" (the Reproduce page names it), then run the cells again.'
        )
    PROJECT = Path(REPOSITORY.split("/")[1]).resolve()
    if not (PROJECT / "pyproject.toml").exists():
        clone = ["git", "clone", "--depth", "1", f"https://github.com/{REPOSITORY}.git"]
        run_or_fail([*clone, str(PROJECT)])
    extra = "gpu" if RUNTIME == "GPU" else "cpu"
    installed = {(d.metadata["Name"] or "").lower() for d in importlib.metadata.distributions()}
    if extra == "cpu" and "tensorflow" in installed:
        # The cpu extra's tensorflow-cpu and a preinstalled tensorflow (Colab has one) are
        # two packages writing the same folder; pip would keep both. Keep only the extra's.
        run_or_fail([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "tensorflow"])
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "-e"]
    run_or_fail([*pip, f"{PROJECT}[docs,test,{extra}]"])
    print(f"installed the tooling from {PROJECT} with the {extra} extra")

# %% [markdown]
# ## Step 3: capture
#
# The command below is the same as `make capture` in a clone, with `--out` so the file goes to
# the output folder instead of the clone's `captures/`. A snippet that fails is recorded in the
# file with its error, and the command then exits with status 1: the file is still written and
# still worth sharing, with the failure named. If the folder already holds this runner's file,
# the command refuses to mix in another machine and keeps the other records with their sessions.

# %%
command = [sys.executable, "-m", "hwguide", "capture", "--profile", PROFILE, "--out", str(OUT)]
if RUNNER:
    command += ["--runner", RUNNER]
if ONLY:
    command += ["--only", *ONLY]
env = os.environ | {"TQDM_MININTERVAL": "10"}  # a progress line every 10 s, not every snippet
status, log = run(command, cwd=PROJECT, env=env)
found = re.search(r"^capturing into .* \(runner (\S+), session (\S+)\)", log, re.M)
CAPTURE = OUT / f"{found[1]}.json" if found else None
if CAPTURE is None or not CAPTURE.exists() or status not in (0, 1):
    raise RuntimeError(f"the capture command exited with status {status} and wrote no file")
if status == 1:
    print("\nSome records failed (named above); the file records them with their errors.")

# %% [markdown]
# ## Step 4: check the file and see what it says
#
# The tooling loads the file as the site's build will: it is validated against the capture
# schema and every digest is checked. Then a summary: the machine TensorFlow saw, and the
# records this run wrote.

# %%
check = (
    "import sys; from pathlib import Path; from hwguide.capture import store; "
    "c = store.load(Path(sys.argv[1])); print(f'{sys.argv[1]}: valid, runner {c.runner}')"
)
run_or_fail([sys.executable, "-c", check, str(CAPTURE)])
data = json.loads(CAPTURE.read_text(encoding="utf-8"))
machine = data["machine"]
print(f"kind: {machine['kind']} (what TensorFlow saw: cpu, gpu or tpu)")
print(f"CPU: {machine['cpu']['model_name']}, {machine['cpu']['logical_cpus']} logical CPUs")
for gpu in machine["gpus"]:
    print(f"GPU: {gpu['name']}, {gpu['memory_mib']} MiB, driver {gpu['driver']}")
session = found[2]
ran = {name: r for name, r in data["snippets"].items() if r["session"] == session}
failed = {name: r["failure"] for name, r in ran.items() if r.get("failure")}
skipped = [name for name, r in ran.items() if r.get("skipped")]
measured = [name for name, r in data["benchmarks"].items() if r["session"] == session]
print(f"this run: {len(ran)} snippets ({len(failed)} failed, {len(skipped)} skipped)")
print(f"          {len(measured)} benchmarks: {', '.join(measured) or 'none'}")
for name, reason in failed.items():
    print(f"  failed: {name}: {reason}")
LAB = sorted((OUT / "notebooks" / data["runner"]).glob("*.ipynb"))
for notebook in LAB:
    print(f"lab notebook: {notebook}")

# %% [markdown]
# ## Step 5: download the file
#
# In Colab the browser downloads the capture file (and the executed lab notebook, if the lab
# ran); elsewhere the cell prints where they are. To compare your machine with the site's
# runners, open the site's *Compare your machine* page and drop the file there: it is read in
# your browser, nothing is uploaded. To add it to the site, see *Contribute your capture as a
# new runner* on the Reproduce page.

# %%
if IN_COLAB:
    from google.colab import files

    for path in [CAPTURE, *LAB]:
        files.download(str(path))
else:
    print(f"capture file: {CAPTURE}")
    for notebook in LAB:
        print(f"lab notebook: {notebook}")
