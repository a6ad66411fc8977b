"""A LiteLLM custom callback for the tests: appends what the proxy received for each successful
call (model group, end user, metadata) to the JSON-lines file named by ORQUESTA_CALLBACK_LOG, so
that tests can check that attribution reached LiteLLM itself."""

import json
import os

from litellm.integrations.custom_logger import CustomLogger


class RecordingLogger(CustomLogger):
    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):
        path = os.environ.get("ORQUESTA_CALLBACK_LOG")
        if not path:
            return
        litellm_params = kwargs.get("litellm_params") or {}
        metadata = litellm_params.get("metadata") or {}
        record = {
            "model_group": metadata.get("model_group"),
            "user": kwargs.get("user"),
            "tags": metadata.get("tags"),
            "requester_metadata": {
                k: v for k, v in (metadata.get("requester_metadata") or {}).items() if k != "headers"
            },
            "response_cost": kwargs.get("response_cost"),
        }
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str) + "\n")


recorder = RecordingLogger()
