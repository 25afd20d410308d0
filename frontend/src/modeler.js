/*
 * The BPMN modeler the administrators edit processes with: bpmn-js, the properties panel and
 * Camunda 7 ("Platform") extensions, because our processes keep their forms in camunda:formData
 * and per-step facts in camunda:properties (docs/architecture.md).
 *
 * Bundled by frontend/build.sh with esbuild into webapp/static/vendor/modeler/modeler.bundle.js
 * (an IIFE that sets window.SmeModeler); never loaded from a CDN.
 *
 *   const { modeler, warnings } = await SmeModeler.open(canvasEl, panelEl, xml, {
 *     locale: 'zh-CN',
 *     laneDepartments: { departments: [...], labels: {group, label, none} }   // optional
 *   });
 *   const { xml } = await modeler.saveXML({ format: true });
 */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import CamundaPlatformBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

import { laneDepartmentsModule } from './lane-departments.js';
import { translateModule } from './translate.js';

/**
 * A modeler in `container` with its properties panel in `panelContainer`, showing `xml`.
 * Resolves to { modeler, warnings }; rejects (and destroys the modeler) if the XML cannot be shown.
 */
export async function open(container, panelContainer, xml, options = {}) {
  const additionalModules = [
    BpmnPropertiesPanelModule,
    BpmnPropertiesProviderModule,
    CamundaPlatformPropertiesProviderModule,
    CamundaPlatformBehaviorsModule
  ];
  const translations = translateModule(options.locale || document.documentElement.lang);
  if (translations) {
    additionalModules.push(translations);
  }
  if (options.laneDepartments) {
    additionalModules.push(laneDepartmentsModule());
  }
  const modeler = new BpmnModeler({
    container,
    propertiesPanel: {
      parent: panelContainer,
      // Open what an administrator changes most: the name and id, and a flow's condition.
      layout: {
        groups: { general: { open: true }, CamundaPlatform__Condition: { open: true }, 'sme-lane-department': { open: true } }
      }
    },
    additionalModules,
    laneDepartments: options.laneDepartments,
    moddleExtensions: { camunda: camundaModdle }
  });
  try {
    const { warnings } = await modeler.importXML(xml);
    modeler.get('canvas').zoom('fit-viewport', 'auto');
    return { modeler, warnings };
  } catch (err) {
    modeler.destroy();
    throw err;
  }
}

export { BpmnModeler };

window.SmeModeler = { open, BpmnModeler };
