"""Self-play of a model in both seats through the evaluation backends, scored exactly.

Each round sends every pending reply of every episode (all games, all trials, both seats,
retries) to the backend in one call, so a GPU works on one large batch per round. The model
is loaded once, at the first round, and the same loaded backend serves every later round.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.games.catalog import select_games
from recon_data.games.env import Episode
from recon_data.games.play import Complete, Request, play_trials, scripted
from recon_data.games.report import build_report
from recon_data.progress import Progress, silent
from recon_data.training import backends, modelio
from recon_data.training.evaluation import generation_config

# Recon's protocol: 20 trials, temperature 0.6 (R1-Distill's recommended sampling).
DEFAULT_TRIALS = 20
DEFAULT_TEMPERATURE = 0.6


def model_complete(
    model: str,
    *,
    adapter: str | None = None,
    backend: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> tuple[Complete, dict[str, Any]]:
    """A `Complete` function backed by a model, and the protocol fields it ran with."""
    config = generation_config(overrides)
    chosen = backends.pick_backend(backend)
    backends.check_backend(chosen, adapter=adapter, model=model)
    model_ref = model if chosen == "openai" else modelio.check_model_ref(model)
    adapter_ref = modelio.check_model_ref(adapter, option="--adapter") if adapter else None
    base_seed = config.seed
    rounds = [0]
    loaded: list[backends.Generator] = []

    def complete(requests: list[Request]) -> list[str]:
        # Loaded at the first round, not before: every check above has passed by then.
        if not loaded:
            loaded.append(backends.load_generator(chosen, model_ref, config, adapter=adapter_ref))
        # A fresh seed per round, so two rounds' samples are not the same draws.
        settings = config.model_copy(update={"seed": base_seed + rounds[0]})
        rounds[0] += 1
        return loaded[0]([r.messages for r in requests], config=settings)

    protocol = {
        "model": model_ref,
        "adapter": adapter_ref,
        "backend": chosen,
        "temperature": config.temperature,
        "top_p": config.top_p,
        "max_new_tokens": config.max_new_tokens,
        "generation_seed": base_seed,
    }
    return complete, protocol


def run_games(
    games: list[str],
    *,
    model: str | None = None,
    policy: str | None = None,
    adapter: str | None = None,
    backend: str | None = None,
    trials: int = DEFAULT_TRIALS,
    temperature: float = DEFAULT_TEMPERATURE,
    seed: int = 0,
    parser: str = "auto",
    max_retries: int = 2,
    fallback: str = "forfeit",
    overrides: dict[str, Any] | None = None,
    think: str = "required",
    out: str | Path | None = None,
    resume: bool = False,
    force: bool = False,
    progress: Progress = silent,
) -> tuple[dict[str, Any], list[Episode]]:
    """Play and score self-play trials with a model or a scripted policy; return (report, episodes).

    With `out`, each episode is appended to that JSON Lines file as it finishes (an interrupted
    run keeps them) and the file is rewritten in run order at the end; `resume` plays only the
    episodes the file does not hold yet, so the result equals an uninterrupted run's.
    """
    if (model is None) == (policy is None):
        raise ReconDataError("give exactly one of --model and --policy")
    specs = select_games(games)
    path = Path(out) if out is not None else None
    kept: dict[tuple[str, int], Episode] = {}
    if path is not None:
        from recon_data.storage import check_output_file

        check_output_file(path, force=force or resume, also="or --resume to continue it")
        if resume and path.exists():
            from recon_data.games.transcript_log import read_kept

            settings = {"parser": parser, "max_retries": max_retries, "fallback": fallback}
            kept = read_kept(path, settings)
    elif resume:
        raise ReconDataError("--resume continues the run saved in --out: give --out FILE")
    protocol: dict[str, Any] = {"trials": trials, "seed": seed, "parser": parser}
    protocol.update(max_retries=max_retries, fallback=fallback, think=think, self_play=True)
    if policy is not None:
        complete = scripted(policy, parser)
        protocol.update(policy=policy, temperature=None)
    else:
        settings = {"temperature": temperature, **(overrides or {})}
        assert model is not None  # exactly one of model and policy, checked above
        complete, fields = model_complete(
            model,
            adapter=adapter,
            backend=backend,
            overrides=settings,
        )
        protocol.update(fields)
    log = None
    if path is not None:
        from recon_data.games.transcript_log import TranscriptLog

        log = TranscriptLog(path, append=resume and path.exists())
    try:
        episodes = play_trials(
            specs, trials, complete, seed=seed, parser=parser, max_retries=max_retries,
            fallback=fallback, think=think, done=kept,
            on_episode=log.add if log is not None else None, progress=progress,
        )  # fmt: skip
    except BaseException:
        if log is not None:
            log.close()  # keep what was appended
        raise
    if log is not None:
        log.finish(episodes)
    return build_report(specs, episodes, protocol), episodes
