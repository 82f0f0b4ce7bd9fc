import { FormatError } from './errors.ts';
import { ADDRESS_LOCATABLE_KINDS, CANONICAL_FIELDS, GEOMETRY_KINDS, REQUIRED_FIELDS, type ImportKind } from './kinds.ts';
import { normaliseKey } from './normalise-key.ts';

/** Column-name aliases valid for every kind that has the field. Compared after normaliseKey. */
const SHARED_ALIASES: Record<string, string[]> = {
  lon: ['lon', 'lng', 'long', 'longitude', 'x', 'gpslon', '经度', '东经', '经度坐标', '经度e', 'jd'],
  lat: ['lat', 'latitude', 'y', 'gpslat', '纬度', '北纬', '纬度坐标', '纬度n', 'wd'],
  address: [
    'address',
    'addr',
    'location',
    '地址',
    '详细地址',
    '位置',
    '地点',
    '所在地址',
    '站址',
    '用户地址',
    '客户地址',
    '投诉地址',
    '问题地址',
    '故障地址',
    '发生地点',
    '问题地点',
    '所在位置',
  ],
  note: ['note', 'notes', 'remark', 'remarks', 'comment', 'comments', 'memo', '备注', '说明', '备注说明'],
  technology: [
    'technology',
    'tech',
    'network',
    'radio',
    'rat',
    'system',
    'net',
    '网络',
    '制式',
    '网络制式',
    '网络类型',
    '系统',
    '网络类别',
    '投诉网络',
    '用户网络',
    '所属网络',
    '网络名称',
  ],
  status: ['status', 'state', '状态', '处理状态', '当前状态', '工单状态', '处理情况', '处理进度', '是否解决'],
  approximate: ['approximate', 'approx', 'estimated', 'isapproximate', '近似', '估计', '位置近似', '坐标近似', '是否近似', '大致位置'],
  frequency_mhz: ['frequency', 'frequencymhz', 'freq', 'freqmhz', 'band', '频率', '频段', '工作频率', '工作频段', '频率mhz'],
  height_m: ['height', 'heightm', 'antennaheight', 'antheight', 'hgt', '挂高', '天线高度', '天线挂高', '高度', '挂高m'],
  azimuth_deg: ['azimuth', 'azimuthdeg', 'az', 'azi', 'bearing', '方位角', '方向角', '方位', '天线方位角'],
  beamwidth_deg: [
    'beamwidth',
    'beamwidthdeg',
    'hbw',
    'horizontalbeamwidth',
    '波瓣宽度',
    '水平波瓣宽度',
    '水平波瓣角',
    '水平半功率角',
    '波束宽度',
    '半功率角',
  ],
  tilt_deg: ['tilt', 'tiltdeg', 'downtilt', '下倾角', '倾角', '总下倾角', '下倾', '天线下倾角'],
  power_dbm: ['power', 'powerdbm', 'txpower', 'txpwr', '功率', '发射功率', '载频功率', '输出功率'],
  gain_dbi: ['gain', 'gaindbi', 'antennagain', '增益', '天线增益'],
  loss_db: ['loss', 'lossdb', 'feederloss', 'losses', '损耗', '馈线损耗', '馈损', '线损'],
  name: ['name', 'title', '名称', '名字', '地名'],
  code: ['code', 'id', '编号', '代码', '编码'],
  external_id: [
    'externalid',
    'id',
    'ticket',
    'ticketid',
    '编号',
    '工单号',
    '工单编号',
    '投诉编号',
    '记录编号',
    '单号',
    '投诉单号',
    '投诉工单号',
    '受理单号',
    '受理编号',
    '流水号',
    '工单流水号',
  ],
};

/** Aliases that mean different fields in different kinds (时间 is reported_at or measured_at...). */
const KIND_ALIASES: Record<ImportKind, Record<string, string[]>> = {
  cells: {
    site_code: [
      'sitecode',
      'siteid',
      'site',
      'bts',
      'btsid',
      'code',
      '基站编号',
      '站号',
      '站点编号',
      '基站代码',
      '基站号',
      '基站id',
      '编号',
    ],
    site_name: ['sitename', 'btsname', 'name', '站名', '基站名称', '基站名', '站点名称', '名称'],
    site_status: ['sitestatus', 'status', '基站状态', '状态', '建设状态'],
    cell_code: [
      'cellcode',
      'cellid',
      'cell',
      'ci',
      'sector',
      'sectorid',
      '小区编号',
      '小区号',
      '小区',
      '扇区',
      '扇区号',
      '扇区编号',
      '小区id',
    ],
  },
  reports: {
    kind: [
      'kind',
      'type',
      'problem',
      'problemtype',
      'issue',
      'issuetype',
      'category',
      '问题类型',
      '类型',
      '投诉类型',
      '问题',
      '问题分类',
      '故障类型',
      '问题描述',
      '投诉内容',
      '故障现象',
      '投诉现象',
      '问题现象',
      '故障描述',
      '投诉问题',
      '申告内容',
      '投诉类别',
      '问题类别',
    ],
    source: [
      'source',
      'channel',
      'origin',
      '来源',
      '信息来源',
      '渠道',
      '反馈渠道',
      '数据来源',
      '受理渠道',
      '投诉渠道',
      '受理方式',
      '投诉方式',
      '来源渠道',
    ],
    customer_tier: [
      'customertier',
      'tier',
      'customerlevel',
      'level',
      'segment',
      '客户等级',
      '客户级别',
      '等级',
      '客户类别',
      '客户价值',
      '用户级别',
      '用户等级',
      '客户层级',
      '客户星级',
      '级别',
    ],
    reported_at: [
      'reportedat',
      'reported',
      'date',
      'time',
      'datetime',
      'timestamp',
      '时间',
      '日期',
      '上报时间',
      '投诉时间',
      '反馈时间',
      '回访时间',
      '发现时间',
      '登记时间',
      '受理时间',
      '申告时间',
      '来电时间',
      '建单时间',
      '工单时间',
      '投诉日期',
      '受理日期',
      '反馈日期',
    ],
  },
  candidates: {
    cost: ['cost', 'price', 'budget', 'capex', '费用', '造价', '投资', '投资额', '预算', '建设费用', '成本'],
    origin: ['origin', 'source', '来源', '出处'],
    azimuths_deg: ['azimuths', 'azimuthsdeg', 'azimuth', 'azimuthdeg', '方位角', '方向角', '方位'],
    code: ['code', 'id', 'candidatecode', '编号', '候选站编号', '站号', '站点编号'],
    name: ['name', 'candidatename', 'sitename', '名称', '站名', '候选站名称', '站点名称'],
  },
  measurements: {
    survey: ['survey', 'surveyname', 'campaign', 'test', 'batch', '测试', '测试批次', '路测批次', '测试名称', '测试任务', '批次'],
    level_dbm: ['level', 'leveldbm', 'rxlev', 'rxlevel', 'rssi', 'signal', 'signaldbm', '场强', '电平', '接收电平', '信号强度', '信号电平'],
    serving_cell: ['servingcell', 'cell', 'cellid', 'server', '服务小区', '小区', '主服务小区'],
    measured_at: ['measuredat', 'measured', 'date', 'time', 'datetime', 'timestamp', '时间', '日期', '测试时间', '测量时间'],
  },
  clutter: {
    environment: [
      'environment',
      'env',
      'clutter',
      'class',
      'landuse',
      'category',
      'type',
      '环境',
      '地物',
      '地物类型',
      '场景',
      '类型',
      '环境类型',
      '区域类型',
    ],
  },
  settlements: {
    population: ['population', 'pop', 'inhabitants', 'people', '人口', '人口数', '常住人口', '户籍人口', '人数'],
  },
  boundary: {},
  places: {
    name: ['name', 'placename', 'title', '名称', '地名', '名字', '地点名称', '标准地名', '地物名称'],
    name_en: ['nameen', 'englishname', 'english', '英文名', '英文名称'],
    aliases: ['aliases', 'alias', 'aka', 'othernames', '别名', '俗称', '又称', '其他名称', '曾用名'],
    kind: ['kind', 'type', 'category', 'class', '类型', '类别', '地名类型', '地点类型', '种类'],
  },
  'survey-responses': {
    answered_at: [
      'answeredat',
      'answered',
      'date',
      'time',
      'datetime',
      'surveydate',
      'calldate',
      '答卷日期',
      '答卷时间',
      '回访日期',
      '回访时间',
      '调查日期',
      '调查时间',
      '填表日期',
      '日期',
      '时间',
    ],
    satisfaction: [
      'satisfaction',
      'coveragesatisfaction',
      'score',
      'rating',
      '满意度',
      '覆盖满意度',
      '网络覆盖满意度',
      '信号满意度',
      '网络满意度',
      '满意程度',
      '评价',
      '评分',
      '打分',
    ],
    problems: ['problems', 'issues', 'problem', '问题', '存在问题', '主要问题', '问题类型', '遇到的问题', '网络问题'],
    problem_indoor: ['indoor', 'poorindoor', '室内差', '室内信号差', '室内覆盖差', '室内'],
    problem_dropped_call: ['droppedcall', 'dropped', 'calldrop', '掉话', '掉线'],
    problem_data: ['data', 'slowdata', '上网慢', '网速慢', '上网'],
    problem_no_signal: ['nosignal', '无信号', '没信号', '无覆盖'],
    problem_weak_signal: ['weaksignal', 'weak', '信号弱', '信号差'],
    comment: [
      'comment',
      'comments',
      'freetext',
      'remark',
      'remarks',
      'note',
      'notes',
      '意见',
      '建议',
      '意见建议',
      '意见和建议',
      '客户意见',
      '客户原话',
      '原话',
      '其他意见',
      '备注',
      '说明',
    ],
    source: ['source', 'channel', 'method', '来源', '方式', '调查方式', '渠道', '回访方式'],
    external_id: ['externalid', 'id', '编号', '问卷编号', '答卷编号', '回访编号', '记录编号', '序号', '单号'],
    technology: ['technology', 'network', 'net', '网络', '使用网络', '所用网络', '网络类型', '制式', '网别'],
  },
};

export type HeaderMappingFile = Record<string, string | null>;

export interface MappedColumn {
  header: string;
  field: string | null;
  by: 'mapping' | 'alias' | 'none';
}

export interface HeaderMapping {
  kind: ImportKind;
  /** Canonical field → the file's column name. */
  fields: Record<string, string>;
  columns: MappedColumn[];
  /** Required canonical fields no column maps to (lon/lat are not required when rows carry geometry). */
  missing: string[];
  warnings: string[];
}

/**
 * Map a file's column names to the canonical fields of `kind`: first the explicit `mapping`
 * ({ "<column>": "<field>" }, or null to ignore a column), then Chinese and English aliases, compared
 * without case, spaces, punctuation or bracketed units. When two columns claim one field the first wins.
 */
export function mapHeaders(
  headers: string[],
  kind: ImportKind,
  mapping?: HeaderMappingFile,
  opts: { hasGeometry?: boolean } = {},
): HeaderMapping {
  const canonical = CANONICAL_FIELDS[kind] as readonly string[];
  const aliasIndex = buildAliasIndex(kind);
  const explicit = normaliseMappingFile(mapping ?? {}, canonical, headers);
  const fields: Record<string, string> = {};
  const warnings: string[] = [];
  const columns: MappedColumn[] = headers.map((header) => {
    if (explicit.has(header)) return { header, field: explicit.get(header) ?? null, by: 'mapping' };
    const field = aliasIndex.get(normaliseKey(header));
    return field ? { header, field, by: 'alias' } : { header, field: null, by: 'none' };
  });
  for (const by of ['mapping', 'alias'] as const) {
    for (const column of columns) {
      if (column.by !== by || !column.field) continue;
      const taken = fields[column.field];
      if (taken === undefined) fields[column.field] = column.header;
      else {
        warnings.push(
          `columns "${taken}" and "${column.header}" both map to ${column.field}; using "${taken}" (add a mapping entry to choose)`,
        );
        column.field = null;
        column.by = 'none';
      }
    }
  }
  const unmapped = columns.filter((c) => c.by === 'none').map((c) => c.header);
  if (unmapped.length) warnings.push(`columns ignored: ${listColumns(unmapped)}`);
  // Point geometry, or (for rows placed by the gazetteer) an address, may stand in for the lon/lat columns.
  const noCoordinateColumns = opts.hasGeometry || GEOMETRY_KINDS.has(kind) || (ADDRESS_LOCATABLE_KINDS.has(kind) && 'address' in fields);
  const missing = REQUIRED_FIELDS[kind].filter((f) => !(f in fields) && !(noCoordinateColumns && (f === 'lon' || f === 'lat')));
  return { kind, fields, columns, missing, warnings };
}

/**
 * Column names quoted for a message, each cut to 40 characters, as many as fit in `maxChars`, then
 * "and N more": a file may have hundreds of long ones.
 */
export function listColumns(names: string[], maxChars = 300): string {
  const quoted: string[] = [];
  let length = 0;
  for (const name of names) {
    const q = `"${name.length > 40 ? `${name.slice(0, 39)}…` : name}"`;
    if (quoted.length > 0 && length + q.length + 2 > maxChars) break;
    quoted.push(q);
    length += q.length + 2;
  }
  const rest = names.length - quoted.length;
  return rest > 0 ? `${quoted.join(', ')} and ${rest} more` : quoted.join(', ');
}

function buildAliasIndex(kind: ImportKind): Map<string, string> {
  const canonical = CANONICAL_FIELDS[kind] as readonly string[];
  const index = new Map<string, string>();
  // Kind-specific aliases take precedence over shared ones (e.g. 名称 → site_name for cells).
  for (const [field, aliases] of Object.entries(KIND_ALIASES[kind])) {
    for (const alias of [field, ...aliases]) if (!index.has(normaliseKey(alias))) index.set(normaliseKey(alias), field);
  }
  for (const field of canonical) {
    for (const alias of [field, ...(SHARED_ALIASES[field] ?? [])]) {
      if (!index.has(normaliseKey(alias))) index.set(normaliseKey(alias), field);
    }
  }
  return index;
}

function normaliseMappingFile(mapping: HeaderMappingFile, canonical: readonly string[], headers: string[]): Map<string, string | null> {
  const result = new Map<string, string | null>();
  for (const [source, target] of Object.entries(mapping)) {
    if (target !== null && typeof target !== 'string')
      throw new FormatError('bad-mapping', `mapping for "${source}" must be a field name or null`);
    if (target !== null && target !== '' && !canonical.includes(target)) {
      throw new FormatError('bad-mapping', `mapping "${source}" → "${target}": unknown field; expected one of ${canonical.join(', ')}`);
    }
    const header = headers.find((h) => h === source) ?? headers.find((h) => normaliseKey(h) === normaliseKey(source));
    if (header !== undefined) result.set(header, target || null);
  }
  return result;
}
