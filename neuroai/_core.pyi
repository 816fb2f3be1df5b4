"""Type stub of neuroai._core, the private C binding (csrc/nai_module.c).

Every function takes its arguments by position or by these names, converts
arrays to the dtypes given and raises ValueError / TypeError / MemoryError on
bad input; the public neuroai API is the documented way to call them.
Units and shapes: each function's docstring.  tests/test_typing.py checks
that this stub names exactly what the built module holds.
"""
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

_F = NDArray[np.float64]
_I = NDArray[np.int64]
_U8 = NDArray[np.uint8]
_I8 = NDArray[np.int8]

ABI_VERSION: Final[int]
ACT_RELU: Final[int]
ACT_SIGMOID: Final[int]
ACT_STEP: Final[int]
ACT_TANH: Final[int]
CHUNK_UPDATES: Final[int]
CIRC_CONDUCTANCE: Final[int]
CIRC_CURRENT: Final[int]
CIRC_DELAY_MAX: Final[int]
CIRC_DELAY_PER_CONN: Final[int]
CIRC_I_EXT: Final[int]
CIRC_MAX_THREADS: Final[int]
CIRC_PARAMS: Final[tuple[str, ...]]
CIRC_POISSON: Final[int]
CIRC_PRE_POP: Final[int]
CIRC_PRE_SRC: Final[int]
CIRC_RESISTANCE: Final[int]
CIRC_STP_DEP: Final[int]
CIRC_STP_NONE: Final[int]
CIRC_STP_PARAMS: Final[tuple[str, ...]]
CIRC_STP_TAU_FAC: Final[int]
CIRC_STP_TAU_REC: Final[int]
CIRC_STP_TM: Final[int]
CIRC_STP_U: Final[int]
CIRC_TAU_M: Final[int]
CIRC_THREAD_MIN_NEURONS: Final[int]
CIRC_TRAINS: Final[int]
CIRC_T_REF: Final[int]
CIRC_V_RESET: Final[int]
CIRC_V_REST: Final[int]
CIRC_V_THRESHOLD: Final[int]
CLIF_CURRENT_SCALE: Final[int]
CLIF_E_SYN: Final[int]
CLIF_G_MAX: Final[int]
CLIF_PARAMS: Final[tuple[str, ...]]
CLIF_RESISTANCE: Final[int]
CLIF_TAU_M: Final[int]
CLIF_TAU_REC: Final[int]
CLIF_TAU_SYN: Final[int]
CLIF_T_REF: Final[int]
CLIF_U: Final[int]
CLIF_V_RESET: Final[int]
CLIF_V_REST: Final[int]
CLIF_V_THRESHOLD: Final[int]
CONNECT_ALL_TO_ALL: Final[int]
CONNECT_FIXED_INDEGREE: Final[int]
CONNECT_FIXED_OUTDEGREE: Final[int]
CONNECT_FIXED_PROBABILITY: Final[int]
CONNECT_FIXED_TOTAL: Final[int]
CONNECT_ONE_TO_ONE: Final[int]
COURSE_DEP: Final[int]
COURSE_FAC: Final[int]
DEP_G_MAX: Final[int]
DEP_PARAMS: Final[tuple[str, ...]]
DEP_TAU_REC: Final[int]
DEP_TAU_SYN: Final[int]
DEP_U: Final[int]
DIST_CONSTANT: Final[int]
DIST_LOGNORMAL: Final[int]
DIST_NORMAL: Final[int]
DIST_UNIFORM: Final[int]
EXPSYN_PARAMS: Final[tuple[str, ...]]
EXPSYN_TAU_SYN: Final[int]
EXPSYN_WEIGHT: Final[int]
FAC_G_MAX: Final[int]
FAC_PARAMS: Final[tuple[str, ...]]
FAC_TAU_FACIL: Final[int]
FAC_TAU_SYN: Final[int]
FAC_U_BASE: Final[int]
FAC_U_MAX: Final[int]
FAC_U_STEP: Final[int]
GRID_GUARD: Final[float]
HOPFIELD_ASYNC_RANDOM: Final[int]
HOPFIELD_ASYNC_SEQUENTIAL: Final[int]
HOPFIELD_SYNC: Final[int]
HOPFIELD_TIE_KEEP: Final[int]
HOPFIELD_TIE_ZERO: Final[int]
LIF_CHECKED_SPIKES: Final[int]
LIF_MAX_THREADS: Final[int]
LIF_PARAMS: Final[tuple[str, ...]]
LIF_RESISTANCE: Final[int]
LIF_TAU_M: Final[int]
LIF_THREAD_MIN_NEURONS: Final[int]
LIF_T_REF: Final[int]
LIF_V_RESET: Final[int]
LIF_V_REST: Final[int]
LIF_V_THRESHOLD: Final[int]
METHOD_COURSE: Final[int]
METHOD_EULER: Final[int]
METHOD_EXACT: Final[int]
SOURCE_HASH: Final[str]
SPIKES_INITIAL: Final[int]
STDPC_A_MINUS: Final[int]
STDPC_A_PLUS: Final[int]
STDPC_PARAMS: Final[tuple[str, ...]]
STDPC_TAU_M: Final[int]
STDPC_TAU_MINUS: Final[int]
STDPC_TAU_PLUS: Final[int]
STDPC_V_RESET: Final[int]
STDPC_V_REST: Final[int]
STDPC_V_THRESH: Final[int]
STDPC_W_MAX: Final[int]
STDP_ALL_TO_ALL: Final[int]
STDP_ALPHA: Final[int]
STDP_A_MINUS: Final[int]
STDP_A_PLUS: Final[int]
STDP_B: Final[int]
STDP_DOPAMINE: Final[int]
STDP_KIND: Final[int]
STDP_LAMBDA: Final[int]
STDP_MODULATOR: Final[int]
STDP_MU_MINUS: Final[int]
STDP_MU_PLUS: Final[int]
STDP_NEAREST: Final[int]
STDP_PAIR: Final[int]
STDP_PAIRING: Final[int]
STDP_PARAMS: Final[tuple[str, ...]]
STDP_SCALE_EVERY: Final[int]
STDP_SCALE_SUM: Final[int]
STDP_TAU_C: Final[int]
STDP_TAU_MINUS: Final[int]
STDP_TAU_N: Final[int]
STDP_TAU_PLUS: Final[int]
STDP_W_MAX: Final[int]
STDP_W_MIN: Final[int]
STP_DEP: Final[int]
STP_NONE: Final[int]
STP_TM: Final[int]
SYN_CONDUCTANCE: Final[int]
SYN_CURRENT: Final[int]
TM_PARAMS: Final[tuple[str, ...]]
TM_TAU_FAC: Final[int]
TM_TAU_REC: Final[int]
TM_U: Final[int]


def activation(kind: int, z: ArrayLike) -> _F: ...
def analysis_avalanches(activity: Any) -> Any: ...
def analysis_branching(sigma: Any, n: Any, max_steps: Any, max_size: Any, seed: Any) -> Any: ...
def analysis_centroid_decode(x_train: Any, y_train: Any, n_classes: Any, x_test: Any) -> Any: ...
def analysis_entropy(counts: Any) -> Any: ...
def analysis_group(indices: ArrayLike, n: int) -> tuple[_I, _I]: ...
def analysis_isi_moments(times: ArrayLike, indices: ArrayLike,
                         n: int) -> tuple[_F, _F, _F]: ...
def analysis_mutual_info(table: Any) -> Any: ...
def circuit_run(method: Any, dt: Any, step0: Any, n_steps: Any, seed: Any, neurons: Any,
                pop: Any, blk_pop: Any, e_rev: Any, tau_syn: Any, src: Any, rate: Any,
                times: Any, ev_src: Any, prj: Any, indptr: Any, indices: Any, weights: Any,
                delays: Any, stp: Any, v: Any, y: Any, ref_left: Any, ring: Any, stp_state: Any,
                rec_n: Any, rec_y: Any, rec_c: Any, rec_every: Any, rate_bin: Any,
                record_spikes: Any, n_threads: Any, progress: Any = None, rules: Any = None,
                prj_rule: Any = None, plast_state: Any = None, post_state: Any = None,
                fired: Any = None, pre_state: Any = None) -> Any: ...
def connect_build(rule: int, n_pre: int, n_post: int, autapses: int, p: float, k: int,
                  seed: int) -> tuple[_I, _I]: ...
def dist_sample(kind: int, a: float, b: float, low: float, high: float, n: int,
                seed: int) -> _F: ...
def hopfield_recall(c: ArrayLike, divisor: float, patterns: ArrayLike, cue: ArrayLike,
                    update: int, tie: int, max_sweeps: int, seed: int, record_states: int,
                    record_updates: int) -> tuple[_I8, _I8 | None, _F, _F, _I, _F | None,
                                                  int, bool]: ...
def lif_run(current: ArrayLike, dt: float, method: int, step0: int, state: ArrayLike,
            ref_left: ArrayLike, params: ArrayLike, rec_idx: ArrayLike, n_threads: int = ...,
            check_finite: int = ...) -> tuple[_F, _I, _I, _F, _F]: ...
def perceptron_fit(x: ArrayLike, y: ArrayLike, w: ArrayLike, b: float, max_epochs: int,
                   learning_rate: float, shuffle: int, seed: int) -> tuple[_F, float, _I]: ...
def perceptron_forward(x: ArrayLike, w: ArrayLike, b: ArrayLike, kind: int) -> _F: ...
def spikegen_poisson(rate: ArrayLike, start: float, stop: float,
                     seed: int) -> tuple[_F, _I]: ...
def spikegen_regular(rate: float, start: float, stop: float) -> tuple[_F, _I]: ...
def stdp_course_run(v: float, y: float, x: ArrayLike, w: ArrayLike, ev_step: ArrayLike,
                    ev_index: ArrayLike, n_steps: int, dt: float, step0: int, params: ArrayLike,
                    rec_every: int) -> tuple[float, float, _F, _F, _F, _F, _U8, _F, _F]: ...
def stp_course_lif_run(v: Any, g: Any, x: Any, ref_left: Any, times: Any, dt: Any, step0: Any,
                       n_steps: Any, params: Any) -> Any: ...
def stp_course_run(kind: int, g: ArrayLike, s: ArrayLike, times: ArrayLike, index: ArrayLike,
                   rec: ArrayLike, dt: float, step0: int, n_steps: int, method: int,
                   params: ArrayLike) -> tuple[_F, _F, _F, _F, _F]: ...
def stp_tm_run(x: ArrayLike, u: ArrayLike, t_last: ArrayLike, has_spiked: ArrayLike,
               times: ArrayLike, index: ArrayLike, rec: ArrayLike, step0: int, n_steps: int,
               dt: float, params: ArrayLike) -> tuple[_F, _F, _F, _U8, _F, _F, _F]: ...
def synapse_run(y: ArrayLike, times: ArrayLike, index: ArrayLike, rec: ArrayLike, dt: float,
                step0: int, n_steps: int, method: int, params: ArrayLike) -> tuple[_F, _F]: ...
