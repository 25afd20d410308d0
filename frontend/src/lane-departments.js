/*
 * A "Department" select for lanes in the properties panel: the lane's name is what the engine
 * routes by (webapp/services/instances.py: a department code or Chinese name, or 申请企业 for the
 * applicant), so administrators pick it from the registry instead of typing it.
 *
 *   laneDepartmentsModule(departments, labels)
 *     departments: [{code, name_zh, name_en}, ...] (GET /admin/departments.json), the applicant
 *                  included with code "申请企业"
 *     labels: {group, label, none} — the page's translated words
 *
 * Choosing a department sets the lane's name to the department's Chinese name (what the shipped
 * models use; its code works as well). A lane whose name matches no department shows "—".
 */
import { h } from '@bpmn-io/properties-panel/preact';
import { SelectEntry, isSelectEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';

const LOW_PRIORITY = 400;

function matching(departments, name) {
  return departments.find((d) => d.code === name || d.name_zh === name);
}

function DepartmentEntry(props) {
  const { element, id, departments, labels } = props;
  const modeling = useService('modeling');
  const getValue = () => {
    const found = matching(departments, element.businessObject.name || '');
    return found ? found.name_zh : '';
  };
  const setValue = (value) => {
    if (value) {
      modeling.updateProperties(element, { name: value });
    }
  };
  const getOptions = () => [{ value: '', label: labels.none }].concat(
    departments.map((d) => ({ value: d.name_zh, label: `${d.code} · ${d.name_zh}${d.name_en ? ' · ' + d.name_en : ''}` }))
  );
  return h(SelectEntry, { element, id, label: labels.label, getValue, setValue, getOptions });
}

class LaneDepartmentProvider {
  constructor(propertiesPanel, config) {
    this.config = config;
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element) {
    return (groups) => {
      if (element.type !== 'bpmn:Lane') {
        return groups;
      }
      const { departments, labels } = this.config;
      groups.splice(1, 0, {
        id: 'sme-lane-department',
        label: labels.group,
        entries: [{
          id: 'sme-lane-department-select',
          element,
          departments,
          labels,
          component: DepartmentEntry,
          isEdited: isSelectEntryEdited
        }]
      });
      return groups;
    };
  }
}
LaneDepartmentProvider.$inject = ['propertiesPanel', 'config.laneDepartments'];

export function laneDepartmentsModule() {
  return {
    __init__: ['laneDepartmentProvider'],
    laneDepartmentProvider: ['type', LaneDepartmentProvider]
  };
}
