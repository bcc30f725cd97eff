import { Industry } from '../../src/modules/organization/organization.enums';
import { Education, ProfessionalTitle } from '../../src/modules/talent/talent.enums';

/**
 * 专业方向 the district's shortage catalogues and demands name, by industry, with the keywords a
 * demand lists and the usual floor. Drones, agri-tech, logistics, health and education lead
 * (第二条's industries plus the public services).
 */
export interface Specialty {
  name: string;
  keywords: readonly string[];
  education: Education;
  title: ProfessionalTitle;
  /** Role names a position for it is posted under. */
  roles: readonly string[];
}

const E = Education;
const P = ProfessionalTitle;
const s = (name: string, keywords: string[], education: Education, title: ProfessionalTitle, roles: string[]): Specialty => ({ name, keywords, education, title, roles });

export const SPECIALTIES: Record<Industry, readonly Specialty[]> = {
  [Industry.DRONE]: [
    s('无人机飞行控制', ['飞控', '无人机', '控制算法', '嵌入式'], E.MASTER, P.INTERMEDIATE, ['飞控算法工程师', '飞控系统工程师']),
    s('无人机结构设计', ['无人机', '结构设计', '复合材料'], E.BACHELOR, P.INTERMEDIATE, ['结构设计工程师']),
    s('无人机导航与定位', ['导航', '北斗', '组合导航', '无人机'], E.MASTER, P.INTERMEDIATE, ['导航算法工程师']),
    s('无人机动力系统', ['电机', '电池', '动力系统', '无人机'], E.BACHELOR, P.INTERMEDIATE, ['动力系统工程师']),
    s('无人机测试与适航', ['适航', '试飞', '测试', '无人机'], E.BACHELOR, P.JUNIOR, ['试飞工程师', '测试工程师']),
    s('低空空域管理', ['低空经济', '空域', '航线规划'], E.MASTER, P.ASSOCIATE_SENIOR, ['低空运营主管']),
    s('无人机植保作业', ['植保', '飞防', '无人机'], E.ASSOCIATE, P.NONE, ['植保飞手', '飞防队长']),
    s('机器视觉', ['机器视觉', '图像识别', '深度学习'], E.MASTER, P.INTERMEDIATE, ['视觉算法工程师']),
    s('通信与数据链', ['数据链', '图传', '通信'], E.BACHELOR, P.INTERMEDIATE, ['通信工程师']),
  ],
  [Industry.AGRI_TECH]: [
    s('果树栽培', ['大桃', '果树', '栽培', '修剪'], E.BACHELOR, P.INTERMEDIATE, ['果树技术员', '果树栽培专家']),
    s('种业育种', ['育种', '种业', '分子育种'], E.DOCTORATE, P.ASSOCIATE_SENIOR, ['育种研究员']),
    s('智慧农业', ['智慧农业', '物联网', '传感器', '农业大数据'], E.MASTER, P.INTERMEDIATE, ['智慧农业工程师']),
    s('设施农业', ['设施农业', '温室', '水肥一体化'], E.BACHELOR, P.JUNIOR, ['设施农业技术员']),
    s('植物保护', ['病虫害', '植保', '绿色防控'], E.BACHELOR, P.INTERMEDIATE, ['植保技术员']),
    s('农产品加工', ['农产品加工', '食品工程', '冷链'], E.BACHELOR, P.INTERMEDIATE, ['加工工艺工程师']),
    s('畜牧兽医', ['畜牧', '兽医', '养殖'], E.ASSOCIATE, P.JUNIOR, ['兽医', '养殖技术员']),
    s('农业生物技术', ['生物技术', '基因编辑', '微生物'], E.DOCTORATE, P.ASSOCIATE_SENIOR, ['研究员']),
    s('土壤与肥料', ['土壤', '肥料', '测土配方'], E.BACHELOR, P.INTERMEDIATE, ['土肥技术员']),
    s('农业经济管理', ['农村经济', '合作社', '农业经营'], E.BACHELOR, P.NONE, ['合作社经理']),
  ],
  [Industry.SMART_LOGISTICS]: [
    s('供应链管理', ['供应链', '物流', '采购'], E.BACHELOR, P.INTERMEDIATE, ['供应链经理']),
    s('冷链物流', ['冷链', '仓储', '温控'], E.BACHELOR, P.JUNIOR, ['冷链运营主管']),
    s('智能仓储', ['智能仓储', 'WMS', '自动化'], E.BACHELOR, P.INTERMEDIATE, ['仓储系统工程师']),
    s('物流信息系统', ['物流信息化', '软件开发', '数据分析'], E.BACHELOR, P.INTERMEDIATE, ['软件工程师']),
    s('跨境电商', ['跨境电商', '电商运营', '国际贸易'], E.BACHELOR, P.NONE, ['电商运营']),
    s('口岸通关', ['海关', '报关', '国际物流'], E.BACHELOR, P.NONE, ['关务主管']),
    s('运输调度', ['调度', '运输', '车队管理'], E.ASSOCIATE, P.NONE, ['调度员']),
  ],
  [Industry.HEALTH]: [
    s('全科医学', ['全科', '基层医疗', '慢病管理'], E.BACHELOR, P.INTERMEDIATE, ['全科医生']),
    s('儿科', ['儿科', '新生儿'], E.MASTER, P.INTERMEDIATE, ['儿科医生']),
    s('麻醉学', ['麻醉', '围术期'], E.MASTER, P.INTERMEDIATE, ['麻醉医生']),
    s('医学影像', ['影像', 'CT', '磁共振'], E.BACHELOR, P.INTERMEDIATE, ['影像科医生']),
    s('中医', ['中医', '针灸', '康复'], E.MASTER, P.INTERMEDIATE, ['中医师']),
    s('精神卫生', ['精神科', '心理'], E.MASTER, P.INTERMEDIATE, ['精神科医生']),
    s('公共卫生', ['疾控', '流行病学', '公共卫生'], E.MASTER, P.INTERMEDIATE, ['公共卫生医师']),
    s('护理', ['护理', '重症'], E.ASSOCIATE, P.JUNIOR, ['护士', '护士长']),
    s('康复医学', ['康复', '理疗', '养老'], E.BACHELOR, P.JUNIOR, ['康复治疗师']),
  ],
  [Industry.EDUCATION]: [
    s('中学数学教学', ['数学', '中学', '教学'], E.BACHELOR, P.JUNIOR, ['数学教师']),
    s('中学物理教学', ['物理', '中学', '实验'], E.BACHELOR, P.JUNIOR, ['物理教师']),
    s('中学英语教学', ['英语', '中学'], E.BACHELOR, P.JUNIOR, ['英语教师']),
    s('学前教育', ['学前教育', '幼儿园'], E.ASSOCIATE, P.NONE, ['幼儿教师']),
    s('特殊教育', ['特殊教育', '融合教育'], E.BACHELOR, P.JUNIOR, ['特教教师']),
    s('心理健康教育', ['心理健康', '心理咨询'], E.MASTER, P.JUNIOR, ['心理教师']),
    s('信息科技教育', ['信息技术', '编程', '人工智能教育'], E.BACHELOR, P.JUNIOR, ['信息科技教师']),
    s('职业教育', ['职业教育', '实训', '双师型'], E.BACHELOR, P.INTERMEDIATE, ['专业课教师']),
    s('体育教学', ['体育', '足球', '体能'], E.BACHELOR, P.NONE, ['体育教师']),
  ],
  [Industry.LEISURE_TOURISM]: [
    s('乡村旅游规划', ['乡村旅游', '规划', '民宿'], E.MASTER, P.INTERMEDIATE, ['旅游规划师']),
    s('民宿运营', ['民宿', '运营', '酒店管理'], E.ASSOCIATE, P.NONE, ['民宿管家', '运营主管']),
    s('文旅营销', ['文旅', '新媒体', '营销'], E.BACHELOR, P.NONE, ['新媒体运营']),
    s('景区管理', ['景区', '游客服务'], E.BACHELOR, P.JUNIOR, ['景区运营经理']),
  ],
  [Industry.CULTURE]: [
    s('非遗保护与传承', ['非遗', '传承', '民俗'], E.BACHELOR, P.JUNIOR, ['非遗项目专员']),
    s('数字文创', ['文创', '设计', '数字内容'], E.BACHELOR, P.NONE, ['文创设计师']),
    s('融媒体传播', ['融媒体', '视频', '传播'], E.BACHELOR, P.JUNIOR, ['记者', '编导']),
  ],
  [Industry.OTHER]: [
    s('基层社会治理', ['社会治理', '网格化', '社区'], E.BACHELOR, P.NONE, ['社区工作者']),
    s('数字政务', ['数字政府', '数据治理', '大数据'], E.MASTER, P.INTERMEDIATE, ['数据治理专员']),
    s('财务审计', ['财务', '审计', '会计'], E.BACHELOR, P.INTERMEDIATE, ['会计', '审计专员']),
    s('法律服务', ['法律', '合规', '合同'], E.BACHELOR, P.NONE, ['法务专员']),
    s('新能源', ['光伏', '储能', '新能源'], E.MASTER, P.INTERMEDIATE, ['新能源工程师']),
  ],
};

/** How the catalogue and the demand mix lean across industries. */
export const SPECIALTY_INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = [
  [Industry.AGRI_TECH, 24], [Industry.DRONE, 20], [Industry.SMART_LOGISTICS, 14], [Industry.HEALTH, 16],
  [Industry.EDUCATION, 14], [Industry.LEISURE_TOURISM, 5], [Industry.CULTURE, 3], [Industry.OTHER, 4],
];

/** 揭榜挂帅 problems: technical ones from enterprises and institutes, governance ones from villages and government. */
export const TECHNICAL_CHALLENGES: Record<Industry, readonly string[]> = {
  [Industry.DRONE]: ['山区果园无人机精准植保航线规划', '长航时物流无人机续航提升', '低空无人机集群协同避障', '无人机复杂气象下的自主降落'],
  [Industry.AGRI_TECH]: ['平谷大桃采后保鲜与冷链损耗降低', '大桃品种更新与错季栽培', '果园水肥一体化智能决策', '桃树病虫害早期识别', '食用菌工厂化生产工艺'],
  [Industry.SMART_LOGISTICS]: ['农产品产地仓智能分拣', '冷链全程温控追溯', '陆港多式联运调度优化'],
  [Industry.HEALTH]: ['基层慢病远程随访', '县域医共体影像互认', '老年人跌倒风险监测'],
  [Industry.EDUCATION]: ['乡村学校双师课堂', '职业教育实训基地建设方案'],
  [Industry.LEISURE_TOURISM]: ['金海湖景区客流预测', '乡村民宿数字化管理'],
  [Industry.CULTURE]: ['平谷非遗数字化保存'],
  [Industry.OTHER]: ['园区能源管理降本', '光伏与储能微电网'],
};

export const GOVERNANCE_CHALLENGES: readonly string[] = [
  '村集体经济增收路径', '村庄人居环境长效管护', '山区村垃圾分类与资源化', '乡村民宿规范化经营',
  '农村养老互助服务', '村级财务公开与数字化', '林下经济发展规划', '村庄规划与闲置农宅盘活',
];
