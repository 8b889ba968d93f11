/**
 * Optional OpenTelemetry tracing (`OTEL_EXPORTER_OTLP_ENDPOINT`), imported by `main.ts` only when
 * configured. Spans: one server span per request (the `tracing` middleware) and one client span
 * per outgoing provider HTTP call (undici instrumentation, which works through
 * diagnostics_channel and so needs no ESM loader hooks), exported over OTLP/HTTP in batches.
 */
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** The collector's base URL; spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  readonly serviceName: string;
  readonly version: string;
}

/** Registers the global tracer provider and W3C propagation; returns the flush-and-stop function. */
export async function startTracing(options: TracingOptions): Promise<() => Promise<void>> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.version': options.version }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` })),
    ],
  });
  provider.register();
  const undici = new UndiciInstrumentation({ enabled: false });
  undici.setTracerProvider(provider);
  undici.enable();
  return async () => {
    undici.disable();
    await provider.shutdown();
  };
}
