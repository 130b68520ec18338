import type { StructuredOutputMode } from "../../config/model-config.js";
import { redactSecrets } from "../../core/secrets.js";
import type { ModelEvent } from "../events.js";
import { ModelError } from "../model-error.js";
import { type ModelMiddleware, wrapGenerate } from "../types.js";

const ABOUT_RESPONSE_FORMAT = /response_format|json_schema|structured|guided/i;

/**
 * A server that refuses the requested structured-output mode (a 400 about response_format) is
 * asked again with the next weaker one — json_schema, then json_object, then none — and the
 * model keeps the weaker mode for the rest of the run.
 */
export function withStructuredOutputFallback(onEvent?: (e: ModelEvent) => void): ModelMiddleware {
  return (next) => {
    let mode: StructuredOutputMode = next.config.structured_output;
    return wrapGenerate(next, async (call, signal) => {
      for (;;) {
        try {
          return await next.generate({ ...call, structuredMode: mode }, signal);
        } catch (error) {
          if (
            !(error instanceof ModelError) ||
            error.status !== 400 ||
            !call.outputSchema ||
            mode === "none" ||
            !ABOUT_RESPONSE_FORMAT.test(error.message)
          )
            throw error;
          const from = mode;
          mode = from === "json_schema" ? "json_object" : "none";
          onEvent?.({
            type: "structured_output_fallback",
            model: next.config.name,
            from,
            to: mode,
            reason: redactSecrets(error.message).slice(0, 200),
          });
        }
      }
    });
  };
}
