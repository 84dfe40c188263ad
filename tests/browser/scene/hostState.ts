/**
 * What `window.sceneHost.state()` reports, shared by the page and the specs. Plain types with no
 * imports, so the specs' TypeScript program (which has no @grafana/scenes) can read them too.
 */
export interface HostState {
  title: string;
  timeRange: { from: number; to: number; raw: { from: string; to: string } };
  variables: Record<string, { value: unknown; text: unknown; options: number; loading: boolean; error?: string }>;
  /** What the host did not render or run, and why (core panels, built-in annotations, variable types). */
  skipped: Array<{ title: string; type: string; reason: string }>;
  /** Each MemLens VizPanel as Scenes holds it: after migration and defaults once its plugin loaded. */
  panels: Array<{
    key: string;
    pluginVersion?: string;
    options: Record<string, unknown>;
    loaded: boolean;
    /** The dashboard annotations Scenes handed the panel (after each query's panel filter): their titles. */
    annotations: string[];
  }>;
}
