import type { HandlerType, ItemCategory } from './grid-item.entity';

export interface DefaultItem {
  code: string;
  category: ItemCategory;
  name: string;
  timeLimit: number;
  handlerType: HandlerType;
  /** Residents may report it through Open311. */
  public?: boolean;
}

/**
 * The list a district starts with: 番禺 cut 400+ grid items to 4 categories and 29 items
 * (番禺区's report, docs/domain.md). Hazards residents see and disputes are open to Open311
 * reports; the rest is the grid's own work. Simple livelihood problems close within 24 hours (石碁镇); hazards that can hurt
 * someone get 4; collection and publicity work gets days. Districts edit it after enabling.
 */
export const DEFAULT_ITEMS: DefaultItem[] = [
  // 信息采集
  { code: 'IC-01', category: 'info_collection', name: '实有人口信息采集', timeLimit: 72, handlerType: 'grid' },
  { code: 'IC-02', category: 'info_collection', name: '出租屋及租住人员登记', timeLimit: 72, handlerType: 'grid' },
  { code: 'IC-03', category: 'info_collection', name: '流动人口登记', timeLimit: 72, handlerType: 'grid' },
  { code: 'IC-04', category: 'info_collection', name: '特殊人群信息采集', timeLimit: 72, handlerType: 'grid' },
  {
    code: 'IC-05',
    category: 'info_collection',
    name: '重点人员动态信息报告',
    timeLimit: 24,
    handlerType: 'community',
  },
  { code: 'IC-06', category: 'info_collection', name: '企业商铺信息采集', timeLimit: 72, handlerType: 'grid' },
  { code: 'IC-07', category: 'info_collection', name: '房屋建筑信息采集', timeLimit: 72, handlerType: 'grid' },
  {
    code: 'IC-08',
    category: 'info_collection',
    name: '社会组织信息采集',
    timeLimit: 72,
    handlerType: 'community',
  },
  // 安全隐患巡查
  {
    code: 'HP-01',
    category: 'hazard_patrol',
    name: '消防安全隐患',
    timeLimit: 4,
    handlerType: 'department',
    public: true,
  },
  {
    code: 'HP-02',
    category: 'hazard_patrol',
    name: '燃气安全隐患',
    timeLimit: 4,
    handlerType: 'department',
    public: true,
  },
  {
    code: 'HP-03',
    category: 'hazard_patrol',
    name: '用电安全隐患',
    timeLimit: 4,
    handlerType: 'department',
    public: true,
  },
  {
    code: 'HP-04',
    category: 'hazard_patrol',
    name: '建筑施工安全隐患',
    timeLimit: 24,
    handlerType: 'department',
    public: true,
  },
  {
    code: 'HP-05',
    category: 'hazard_patrol',
    name: '危房及边坡隐患',
    timeLimit: 24,
    handlerType: 'street',
    public: true,
  },
  {
    code: 'HP-06',
    category: 'hazard_patrol',
    name: '“三小”场所安全隐患',
    timeLimit: 24,
    handlerType: 'community',
    public: true,
  },
  {
    code: 'HP-07',
    category: 'hazard_patrol',
    name: '违法建设',
    timeLimit: 168,
    handlerType: 'department',
    public: true,
  },
  {
    code: 'HP-08',
    category: 'hazard_patrol',
    name: '占道经营、乱摆卖',
    timeLimit: 24,
    handlerType: 'community',
    public: true,
  },
  {
    code: 'HP-09',
    category: 'hazard_patrol',
    name: '垃圾堆放及环境卫生',
    timeLimit: 24,
    handlerType: 'grid',
    public: true,
  },
  {
    code: 'HP-10',
    category: 'hazard_patrol',
    name: '道路及公共设施损坏',
    timeLimit: 24,
    handlerType: 'community',
    public: true,
  },
  {
    code: 'HP-11',
    category: 'hazard_patrol',
    name: '井盖缺失或破损',
    timeLimit: 4,
    handlerType: 'department',
    public: true,
  },
  {
    code: 'HP-12',
    category: 'hazard_patrol',
    name: '积水内涝',
    timeLimit: 24,
    handlerType: 'community',
    public: true,
  },
  {
    code: 'HP-13',
    category: 'hazard_patrol',
    name: '噪声扰民',
    timeLimit: 24,
    handlerType: 'community',
    public: true,
  },
  // 宣传指引
  { code: 'PG-01', category: 'publicity', name: '政策法规宣传', timeLimit: 168, handlerType: 'grid' },
  { code: 'PG-02', category: 'publicity', name: '防范电信诈骗宣传', timeLimit: 168, handlerType: 'grid' },
  { code: 'PG-03', category: 'publicity', name: '消防安全宣传', timeLimit: 168, handlerType: 'grid' },
  { code: 'PG-04', category: 'publicity', name: '垃圾分类指引', timeLimit: 168, handlerType: 'grid' },
  // 专项任务
  {
    code: 'ST-01',
    category: 'special_task',
    name: '矛盾纠纷排查化解',
    timeLimit: 72,
    handlerType: 'community',
    public: true,
  },
  { code: 'ST-02', category: 'special_task', name: '防汛防台风专项', timeLimit: 24, handlerType: 'street' },
  { code: 'ST-03', category: 'special_task', name: '公共卫生专项', timeLimit: 72, handlerType: 'community' },
  { code: 'ST-04', category: 'special_task', name: '专项调查走访', timeLimit: 168, handlerType: 'grid' },
];
