/*
 * Chinese labels for the parts of the modeler an administrator touches most: the palette, the
 * context pad and the properties panel groups our processes use (general, forms, form fields,
 * properties, conditions). Anything not listed stays in English.
 *
 * diagram-js looks every label up through its `translate` service; replacing that service is
 * the documented way to localise bpmn-js and the properties panel.
 */
const ZH = {
  // palette and context pad
  'Activate hand tool': '移动画布',
  'Activate lasso tool': '框选',
  'Activate create/remove space tool': '插入/删除空白',
  'Activate global connect tool': '连线',
  'Create start event': '开始事件',
  'Create intermediate/boundary event': '中间/边界事件',
  'Create end event': '结束事件',
  'Create gateway': '网关',
  'Create task': '任务',
  'Create expanded sub-process': '子流程',
  'Create pool/participant': '池/参与者',
  'Create data object reference': '数据对象',
  'Create data store reference': '数据存储',
  'Create group': '分组',
  'Search in diagram': '在图中搜索',
  'Append task': '追加任务',
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Append intermediate/boundary event': '追加中间事件',
  'Add text annotation': '添加注释',
  'Add lane above': '在上方添加泳道',
  'Add lane below': '在下方添加泳道',
  'Divide into two lanes': '拆分为两条泳道',
  'Divide into three lanes': '拆分为三条泳道',
  'Change element': '更改类型',
  'Connect to other element': '连接到其他元素',
  'Connect using association': '用关联连接',
  'Delete': '删除',
  // properties panel: groups and common entries
  'General': '常规',
  'Name': '名称',
  'ID': 'ID',
  'Documentation': '说明',
  'Element documentation': '元素说明',
  'Process documentation': '流程说明',
  'Process ID': '流程 ID',
  'Process name': '流程名称',
  'Executable': '可执行',
  'Version tag': '版本标签',
  'Forms': '表单',
  'Form': '表单',
  'Form key': '表单键（formKey）',
  'Form fields': '表单字段',
  'Generated Task Forms': '生成的任务表单（formData）',
  'Embedded or External Task Forms': '嵌入或外部表单（formKey）',
  'Type': '类型',
  'Label': '标签',
  'Default value': '默认值',
  'Constraints': '约束',
  'Config': '配置',
  'Values': '可选值',
  'Value': '值',
  'Properties': '属性',
  'Extension properties': '扩展属性',
  'Condition': '条件',
  'Condition expression': '条件表达式',
  'Condition type': '条件类型',
  'Expression': '表达式',
  'Script': '脚本',
  'Format': '格式',
  'Inline script': '内联脚本',
  'Timer': '定时器',
  'Multi-instance': '多实例',
  'User assignment': '处理人',
  'Candidate groups': '候选组',
  'Candidate users': '候选用户',
  'Assignee': '处理人',
  'Due date': '到期日',
  'Task listeners': '任务监听器',
  'Execution listeners': '执行监听器',
  'Asynchronous continuations': '异步延续',
  'Inputs': '输入',
  'Outputs': '输出',
  'Job execution': '作业执行',
  'History cleanup': '历史清理',
  'Tasklist': '任务列表',
  'Candidate starter': '可发起人',
  'Business key': '业务键',
  // the panel header's element types
  'Process': '流程',
  'Participant': '参与者（池）',
  'Lane': '泳道',
  'User Task': '用户任务',
  'Script Task': '脚本任务',
  'Service Task': '服务任务',
  'Business Rule Task': '业务规则任务',
  'Task': '任务',
  'Exclusive Gateway': '排他网关',
  'Parallel Gateway': '并行网关',
  'Inclusive Gateway': '包容网关',
  'Event Based Gateway': '事件网关',
  'Sequence Flow': '顺序流',
  'Conditional Flow': '条件流',
  'Default Flow': '默认流',
  'Start Event': '开始事件',
  'End Event': '结束事件',
  'Intermediate Throw Event': '中间抛出事件',
  'Timer Intermediate Catch Event': '定时中间事件',
  'Timer Boundary Event': '定时边界事件',
  'Text Annotation': '注释',
  '<none>': '<无>',
  'Create new ...': '新建…',
  'Add': '添加',
  'Delete item': '删除此项',
  'Open popup': '弹出编辑',
  'Select an element to edit its properties.': '选择一个元素以编辑其属性。',
  'Multiple elements are selected. Select a single one to edit its properties.':
    '选中了多个元素。请只选择一个来编辑其属性。'
};

const DICTIONARIES = { zh: ZH };

function translator(dictionary) {
  return function translate(template, replacements) {
    const text = dictionary[template] || template;
    return text.replace(/{([^}]+)}/g, (match, key) => (replacements && key in replacements ? replacements[key] : match));
  };
}

/** A bpmn-js module replacing `translate` for `locale` ('zh-CN', 'zh'...), or null for English. */
export function translateModule(locale) {
  const dictionary = DICTIONARIES[String(locale || '').toLowerCase().split('-')[0]];
  return dictionary ? { translate: ['value', translator(dictionary)] } : null;
}
