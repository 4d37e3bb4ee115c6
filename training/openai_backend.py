"""The `openai` backend: any OpenAI-compatible chat server, through the maintained `openai` client."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from recon_data.errors import ReconDataError
from recon_data.training.generation import Emit, GenerationConfig, Generator, Messages


class OpenAIGenerator(Generator):
    """Chat completions from any OpenAI-compatible server through the `openai` client.

    The client retries connection errors, timeouts, 408/409/429 and 5xx answers with
    exponential backoff (`max_retries`, `request_timeout`); requests run `concurrency` at a
    time and each completion is handed on as it arrives.
    """

    def __init__(self, model: str, config: GenerationConfig) -> None:
        super().__init__(config)
        try:
            import openai
        except ImportError:
            raise ReconDataError(
                "backend openai needs the openai client: pip install 'recon-data[eval]' "
                "(or pip install openai)"
            ) from None
        self.model = model
        self.base = (
            config.base_url or os.environ.get("OPENAI_BASE_URL") or "http://localhost:8000/v1"
        ).rstrip("/")
        # Local servers take any key; the client insists on one being set.
        key = os.environ.get(config.api_key_env) or "EMPTY"
        self.client = openai.OpenAI(
            base_url=self.base,
            api_key=key,
            max_retries=config.max_retries,
            timeout=config.request_timeout,
        )

    def _one(self, messages: Messages, config: GenerationConfig) -> str:
        import openai

        try:
            raw = self.client.chat.completions.with_raw_response.create(
                model=self.model,
                messages=list(messages),  # type: ignore[arg-type]  # plain role/content dicts
                temperature=config.temperature,
                top_p=config.top_p,
                max_tokens=config.max_new_tokens,
                seed=config.seed,
            )
        except openai.APIStatusError as exc:
            detail = exc.response.text[:200]
            raise ReconDataError(
                f"server answered HTTP {exc.status_code}: {detail}",
                file=f"{self.base}/chat/completions",
            ) from None
        except openai.APIConnectionError as exc:  # includes timeouts, after the retries
            reason = exc.__cause__ or exc
            raise ReconDataError(f"cannot reach the server: {reason}", file=self.base) from None
        # The raw JSON, not the typed object: `reasoning_content` is a server extension.
        return completion_text(raw.http_response.json())

    def _generate(
        self, conversations: list[Messages], config: GenerationConfig, emit: Emit
    ) -> None:
        pool = ThreadPoolExecutor(max_workers=max(1, config.concurrency))
        futures = {pool.submit(self._one, c, config): i for i, c in enumerate(conversations)}
        try:
            for future in as_completed(futures):
                emit(futures[future], future.result())
        finally:
            # On a failure, requests not yet sent are dropped; what arrived was already emitted.
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()


def completion_text(payload: dict[str, Any]) -> str:
    """Return a chat completion's text, putting back reasoning a server's parser split off."""
    try:
        choice = payload["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        raise ReconDataError(f"unexpected server reply: {json.dumps(payload)[:200]}") from None
    content = message.get("content") or ""
    reasoning = message.get("reasoning_content") or message.get("reasoning")
    if not reasoning:
        return content
    # vLLM's reasoning parsers move the `<think>` part out of `content`; grading needs it back.
    # The `</think>` goes back only where the reasoning ended: a response cut off at the token
    # limit inside its reasoning has no answer part, and must grade as a format error.
    ended = bool(content) or choice.get("finish_reason") != "length"
    return f"{reasoning}\n</think>\n\n{content}" if ended else reasoning
