/**
 * Grafana core registers its standard field options (unit, min, max, decimals, colour, thresholds, ...)
 * in @grafana/data's standardFieldConfigEditorRegistry at boot; the panel plugin's field config
 * registry and applyFieldOverrides read them from there. Outside Grafana the registry is empty, so the
 * host registers the same ids, paths, processors and defaults (editors are never shown here).
 * Likewise the option editors that PanelOptionsEditorBuilder's add* methods look up by id.
 */
import {
  dataLinksOverrideProcessor,
  FieldColorModeId,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  ThresholdsMode,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type Field,
  type FieldConfigPropertyItem,
} from '@grafana/data';

const noEditor = () => null;
const numeric = (field: Field) => field.type === FieldType.number;
const always = () => true;

function option(
  id: string,
  process: FieldConfigPropertyItem['process'],
  shouldApply: (field: Field) => boolean,
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    process,
    shouldApply,
    defaultValue,
    editor: noEditor,
    override: noEditor,
    category: ['Standard options'],
  } as unknown as FieldConfigPropertyItem;
}

export function registerStandardFieldOptions(): void {
  standardFieldConfigEditorRegistry.setInit(() => [
    option('unit', stringOverrideProcessor, always),
    option('min', numberOverrideProcessor, numeric),
    option('max', numberOverrideProcessor, numeric),
    option('decimals', numberOverrideProcessor, numeric),
    option('displayName', stringOverrideProcessor, always),
    option('noValue', stringOverrideProcessor, always),
    option('color', identityOverrideProcessor, always, { mode: FieldColorModeId.PaletteClassic }),
    option('thresholds', thresholdsOverrideProcessor, always, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    option('mappings', valueMappingsOverrideProcessor, always, []),
    option('links', dataLinksOverrideProcessor, always),
  ]);
}

/** The editor ids PanelOptionsEditorBuilder and FieldConfigEditorBuilder ask the registry for. */
const OPTION_EDITOR_IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
];

export function registerStandardOptionEditors(): void {
  standardEditorsRegistry.setInit(() => OPTION_EDITOR_IDS.map((id) => ({ id, name: id, editor: noEditor })));
}
