import { normaliseKey } from './normalise-key.ts';

/**
 * Chinese and English spellings of the domain's enum values, by vocabulary. Keys are compared after
 * normaliseKey (case, width, spaces and punctuation ignored); the canonical values map to themselves.
 */
const VOCABULARIES = {
  technology: {
    GSM: ['gsm', 'g', 'g网', 'gsm网', 'gsm900', 'gsm1800', 'dcs', 'dcs1800', 'egsm', '2g', 'gprs', 'edge'],
    CDMA: ['cdma', 'c', 'c网', 'cdma网', 'cdma800', 'cdma2000', 'cdma1x', '1x', 'is95', 'evdo'],
    UMTS: ['umts', 'wcdma', 'w网', 'tdscdma', '3g', 'hspa'],
    LTE: ['lte', '4g', 'tdlte', 'fddlte', 'l网'],
    NR: ['nr', '5g', '5gnr'],
    unknown: ['unknown', '未知', '不详', '不明', '-', 'na', 'n/a', '无'],
  },
  reportKind: {
    'no-signal': ['nosignal', '无信号', '没信号', '没有信号', '无覆盖', '盲区', '信号盲区', '无服务', '不在服务区'],
    'weak-signal': ['weaksignal', 'weak', '信号弱', '弱信号', '信号差', '信号不好', '覆盖弱', '弱覆盖', '信号不稳定'],
    'dropped-call': ['droppedcall', 'drop', 'dropcall', 'calldrop', '掉话', '通话中断', '断话', '掉线'],
    indoor: ['indoor', '室内', '室内覆盖', '室内信号差', '室内无信号', '室内信号弱', '楼内', '地下室'],
    data: ['data', '上网', '数据', '上网慢', '数据业务', '上网问题', '网速慢', '无法上网'],
    other: ['other', '其他', '其它', '杂音', '串话', '单通'],
  },
  reportSource: {
    callback: ['callback', '回访', '电话回访', '客户回访', '服务经理回访'],
    questionnaire: ['questionnaire', 'survey', '问卷', '问卷调查', '调查问卷', '调查'],
    complaint: ['complaint', '投诉', '客户投诉', '来电', '来电投诉', '申告', '客户申告', '10010'],
    'onsite-test': ['onsitetest', 'onsite', 'sitetest', '现场测试', '上门测试', '入户测试', '现场', '实地测试'],
    'drive-test': ['drivetest', 'dt', '路测', '路测数据', '驾车测试'],
  },
  customerTier: {
    high: ['high', 'highvalue', 'vip', '高端', '高端客户', '高价值', '大客户', '重要客户', '钻石', '金卡'],
    mid: ['mid', 'middle', 'medium', '中端', '中端客户', '中价值', '中高端', '银卡'],
    regular: ['regular', 'normal', 'low', 'standard', '普通', '普通客户', '一般', '一般客户', '低端', '大众'],
  },
  reportStatus: {
    open: ['open', 'new', 'pending', '未处理', '待处理', '新建', '未解决', '待解决', '打开'],
    investigating: ['investigating', 'inprogress', 'processing', '处理中', '调查中', '跟踪中', '正在处理', '核查中'],
    resolved: ['resolved', 'closed', 'done', 'fixed', '已解决', '已处理', '已完成', '已关闭', '解决', '关闭'],
  },
  siteStatus: {
    existing: ['existing', 'active', 'onair', 'built', 'inservice', '现网', '在网', '已建', '已开通', '运行', '在用', '现有'],
    planned: ['planned', 'plan', 'proposed', '规划', '计划', '拟建', '在建', '待建', '规划中'],
  },
  candidateStatus: {
    proposed: ['proposed', 'proposal', 'new', '建议', '提议', '拟建', '待审批', '候选'],
    approved: ['approved', '批准', '已批准', '通过', '已立项', '立项'],
    rejected: ['rejected', 'declined', '否决', '已否决', '驳回', '不通过', '放弃'],
    built: ['built', 'done', '已建', '建成', '已建成', '开通', '已开通'],
  },
  placeKind: {
    estate: [
      'estate',
      'residential',
      'housingestate',
      'community',
      'compound',
      '小区',
      '住宅小区',
      '社区',
      '居民区',
      '生活区',
      '家属区',
      '住宅区',
    ],
    village: ['village', 'hamlet', '村', '村庄', '行政村', '自然村', '屯', '村屯'],
    town: ['town', 'township', 'district', 'city', '镇', '乡', '乡镇', '城镇', '街道', '城区', '片区'],
    building: ['building', 'tower', 'block', '楼', '大楼', '楼宇', '建筑', '大厦', '写字楼'],
    landmark: [
      'landmark',
      'poi',
      'school',
      'plant',
      'factory',
      'hospital',
      'station',
      '地标',
      '标志物',
      '学校',
      '工厂',
      '厂区',
      '医院',
      '车站',
      '单位',
    ],
    'business-hall': ['businesshall', 'hall', 'store', 'shop', '营业厅', '营业网点', '营业部', '营业点', '网点'],
  },
  candidateOrigin: {
    manual: ['manual', 'user', 'human', '手工', '人工', '手动', '现场'],
    generated: ['generated', 'auto', 'automatic', '生成', '自动', '自动生成', '系统'],
  },
  environment: {
    'urban-large': [
      'urbanlarge',
      'denseurban',
      'dense',
      'largecity',
      'metropolitan',
      '密集城区',
      '大城市',
      '密集市区',
      '中心城区',
      '高楼区',
    ],
    urban: ['urban', 'city', '城区', '市区', '一般城区', '城市', '城镇'],
    suburban: ['suburban', 'suburb', '郊区', '近郊', '城郊', '县城', '乡镇'],
    rural: ['rural', 'open', 'openarea', 'countryside', 'farmland', '农村', '乡村', '开阔地', '郊野', '农田', '湿地', '水域', '草原'],
  },
  boolean: {
    true: ['true', 't', 'yes', 'y', '1', '是', '对', '√', '✓', '近似', '估计', '大致'],
    false: ['false', 'f', 'no', 'n', '0', '否', '精确', '准确', ''],
  },
} as const;

export type Vocabulary = keyof typeof VOCABULARIES;
type VocabularyValue<V extends Vocabulary> = keyof (typeof VOCABULARIES)[V] & string;

const INDEXES = new Map<Vocabulary, Map<string, string>>();

function index(vocabulary: Vocabulary): Map<string, string> {
  let map = INDEXES.get(vocabulary);
  if (!map) {
    map = new Map();
    for (const [value, spellings] of Object.entries(VOCABULARIES[vocabulary]) as Array<[string, readonly string[]]>) {
      map.set(normaliseKey(value), value);
      for (const spelling of spellings) {
        // "√" and "-" normalise to nothing; keep them as written.
        const key = normaliseKey(spelling) || spelling;
        if (!map.has(key)) map.set(key, value);
      }
    }
    INDEXES.set(vocabulary, map);
  }
  return map;
}

/**
 * The canonical value for a spelling found in a file ('G网' → 'GSM', '信号弱' → 'weak-signal',
 * '电话回访' → 'callback'), or null when the spelling is unknown.
 */
export function normaliseEnumValue<V extends Vocabulary>(vocabulary: V, text: string): VocabularyValue<V> | null {
  const cache = rawCache(vocabulary);
  const cached = cache.get(text);
  if (cached !== undefined) return cached as VocabularyValue<V> | null;
  const trimmed = text.trim();
  const key = normaliseKey(trimmed) || trimmed.normalize('NFKC');
  const value = index(vocabulary).get(key) ?? null;
  // A file repeats a handful of spellings a million times; remember them as written.
  if (cache.size < RAW_CACHE_LIMIT) cache.set(text, value);
  return value as VocabularyValue<V> | null;
}

const RAW_CACHE_LIMIT = 10_000;
const RAW_CACHES = new Map<Vocabulary, Map<string, string | null>>();

function rawCache(vocabulary: Vocabulary): Map<string, string | null> {
  let cache = RAW_CACHES.get(vocabulary);
  if (!cache) RAW_CACHES.set(vocabulary, (cache = new Map()));
  return cache;
}

/** The canonical values of a vocabulary, for error messages. */
export function vocabularyValues(vocabulary: Vocabulary): string[] {
  return Object.keys(VOCABULARIES[vocabulary]);
}
