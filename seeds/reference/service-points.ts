import { ServiceCategory } from '../../src/modules/service-map/service-map.enums';

/**
 * What the seed needs to invent a believable point of each subcategory: name patterns, opening
 * hours, whether it has a phone, and the 平谷人才卡 benefits it may offer. The codes are those
 * of SERVICE_SUBCATEGORIES; a test checks that every one is covered.
 *
 * In name patterns: {brand} a two-character 字号, {town} the town's short name, {road} a road,
 * {village} a village or community, {surname} a surname.
 */
export interface SubcategoryProfile {
  category: ServiceCategory;
  /** Relative number of points. */
  weight: number;
  names: readonly string[];
  hours: readonly (string | null)[];
  /** Chance of a listed phone number. */
  phone: number;
  /** Chance of a talent-card benefit (1 = always). */
  benefitShare: number;
  benefits: readonly string[];
}

const C = ServiceCategory;

export const SUBCATEGORY_PROFILES: Record<string, SubcategoryProfile> = {
  MALL: {
    category: C.CLOTHING, weight: 3,
    names: ['{brand}购物中心', '平谷{brand}商厦', '{town}商业广场', '{brand}百货（{road}店）'],
    hours: ['09:30-21:30', '10:00-22:00', '09:00-21:00'], phone: 0.95, benefitShare: 0.4,
    benefits: ['持平谷人才卡享9折', '持平谷人才卡享会员价', '人才卡用户免费停车2小时', '持平谷人才卡消费满300元减30元'],
  },
  CLOTHING_STORE: {
    category: C.CLOTHING, weight: 8,
    names: ['{brand}服饰（{road}店）', '{brand}男装', '{brand}女装', '{brand}童装（{town}店）', '{brand}运动专卖'],
    hours: ['09:00-21:00', '10:00-21:30', '09:30-20:30'], phone: 0.8, benefitShare: 0.2,
    benefits: ['持平谷人才卡享9折', '持平谷人才卡享8.8折', '持平谷人才卡享会员价'],
  },
  TAILOR: {
    category: C.CLOTHING, weight: 2,
    names: ['{surname}记裁缝铺', '{brand}服装定制', '{brand}西服定制（{road}店）'],
    hours: ['08:30-18:00', '09:00-19:00'], phone: 0.7, benefitShare: 0.15,
    benefits: ['持平谷人才卡定制享9折', '持平谷人才卡免费修改裤脚'],
  },
  LAUNDRY: {
    category: C.CLOTHING, weight: 3,
    names: ['{brand}洗衣（{road}店）', '{brand}干洗店', '{brand}洗衣护理'],
    hours: ['08:00-20:00', '08:30-19:30'], phone: 0.8, benefitShare: 0.2,
    benefits: ['持平谷人才卡洗衣享8折', '持平谷人才卡每月免费干洗1件'],
  },
  RESTAURANT: {
    category: C.FOOD, weight: 16,
    names: ['{brand}农家菜馆', '{brand}饭庄（{road}店）', '平谷{brand}烤鱼', '{brand}涮肉', '{village}农家院', '{brand}家常菜', '{brand}饺子馆', '{brand}酒家'],
    hours: ['10:00-21:00', '11:00-14:00,17:00-21:00', '10:30-22:00', '09:00-20:30'], phone: 0.9, benefitShare: 0.3,
    benefits: ['持平谷人才卡享9折', '持平谷人才卡享8.8折', '持平谷人才卡赠送特色菜一份', '持平谷人才卡消费满100元减10元'],
  },
  CANTEEN: {
    category: C.FOOD, weight: 3,
    names: ['{town}人才食堂', '{town}职工食堂', '{brand}社区食堂（{village}）', '{town}长者食堂'],
    hours: ['06:30-08:30,11:00-13:00,17:00-19:00', '11:00-13:30,17:00-19:00'], phone: 0.6, benefitShare: 0.5,
    benefits: ['持平谷人才卡就餐享8折', '人才卡用户工作日午餐补贴5元', '持平谷人才卡享职工价'],
  },
  CAFE: {
    category: C.FOOD, weight: 5,
    names: ['{brand}咖啡（平谷{road}店）', '{brand}茶饮', '{brand}书咖', '{brand}茶舍'],
    hours: ['08:00-22:00', '09:00-21:00', '10:00-22:00'], phone: 0.7, benefitShare: 0.3,
    benefits: ['持平谷人才卡饮品享8折', '持平谷人才卡第二杯半价', '持平谷人才卡享9折'],
  },
  SUPERMARKET: {
    category: C.FOOD, weight: 6,
    names: ['{brand}超市（{town}店）', '{brand}便利店（{road}）', '{brand}生鲜超市', '{brand}购物广场（{town}）'],
    hours: ['08:00-22:00', '07:30-21:30', '00:00-24:00'], phone: 0.85, benefitShare: 0.2,
    benefits: ['持平谷人才卡享会员价', '持平谷人才卡每周三享95折', '持平谷人才卡积分双倍'],
  },
  FARMERS_MARKET: {
    category: C.FOOD, weight: 2,
    names: ['{town}农贸市场', '{village}便民菜市场', '平谷{brand}农产品市场'],
    hours: ['06:00-18:00', '05:30-12:00', '06:30-19:00'], phone: 0.5, benefitShare: 0.05,
    benefits: ['持平谷人才卡购平谷大桃享9折'],
  },
  TALENT_COURTYARD: {
    category: C.HOUSING, weight: 2,
    names: ['{village}人才小院', '平谷{town}人才小院', '{village}桃园人才小院'],
    hours: ['24小时'], phone: 0.9, benefitShare: 1,
    benefits: ['持平谷人才卡可申请入住', '持平谷人才卡入住享租金减免', '持平谷人才卡优先安排入住'],
  },
  SERVICED_APARTMENT: {
    category: C.HOUSING, weight: 3,
    names: ['{brand}酒店式公寓（{road}）', '{brand}国际公寓', '平谷{brand}人才公寓'],
    hours: ['24小时'], phone: 0.95, benefitShare: 1,
    benefits: ['持平谷人才卡入住享8折', '持平谷人才卡长租享9折', '持平谷人才卡免费入住3晚'],
  },
  YOUTH_HOSTEL: {
    category: C.HOUSING, weight: 2,
    names: ['平谷青年驿站（{town}站）', '{town}青年人才驿站', '{brand}青年驿站'],
    hours: ['24小时'], phone: 0.9, benefitShare: 1,
    benefits: ['持平谷人才卡免费入住7天', '来平求职青年持人才卡免费入住', '持平谷人才卡可预约免费住宿'],
  },
  PUBLIC_RENTAL: {
    category: C.HOUSING, weight: 2,
    names: ['{town}人才公租房', '{brand}家园人才公租房', '{town}人才公租房{n}号院'],
    hours: ['08:30-17:30', '24小时'], phone: 0.9, benefitShare: 1,
    benefits: ['持平谷人才卡可优先配租', '持平谷人才卡租金享市场价7折', '持平谷人才卡可申请配租'],
  },
  SHARED_OWNERSHIP: {
    category: C.HOUSING, weight: 1,
    names: ['{brand}家园人才共有产权房', '{town}人才共有产权房项目', '{brand}苑人才共有产权房'],
    hours: ['08:30-17:30'], phone: 0.9, benefitShare: 1,
    benefits: ['持平谷人才卡可申请购买', '持平谷人才卡优先选房'],
  },
  BLUE_COLLAR_DORM: {
    category: C.HOUSING, weight: 2,
    names: ['{town}蓝领公寓', '{brand}蓝领宿舍（{road}）', '{town}产业园蓝领公寓'],
    hours: ['24小时'], phone: 0.8, benefitShare: 1,
    benefits: ['持平谷人才卡床位费享8折', '持平谷人才卡可申请入住', '人才卡用户首月免租'],
  },
  BUS_STOP: {
    category: C.TRANSPORT, weight: 9,
    names: ['{road}公交站', '{village}公交站', '{town}公交站', '{road}路口公交站'],
    hours: ['05:30-22:30', '06:00-21:00', null], phone: 0, benefitShare: 0,
    benefits: [],
  },
  RAIL_STATION: {
    category: C.TRANSPORT, weight: 1,
    names: ['平谷线{town}站', '平谷线{town}站{n}号口', '平谷线{road}站'],
    hours: ['05:30-23:00'], phone: 0.3, benefitShare: 0,
    benefits: [],
  },
  EV_CHARGING: {
    category: C.TRANSPORT, weight: 5,
    names: ['{brand}充电站（{road}）', '国家电网{town}充电站', '{brand}新能源充电站'],
    hours: ['00:00-24:00'], phone: 0.6, benefitShare: 0.3,
    benefits: ['持平谷人才卡充电服务费享8折', '人才卡用户每月免费充电1次'],
  },
  PARKING: {
    category: C.TRANSPORT, weight: 5,
    names: ['{road}停车场', '{town}公共停车场', '{village}停车场', '{brand}地下停车场'],
    hours: ['00:00-24:00', '07:00-22:00'], phone: 0.4, benefitShare: 0.35,
    benefits: ['人才卡用户免费停车2小时', '持平谷人才卡停车费享5折', '人才卡用户免费停车1小时'],
  },
  BIKE_HIRE: {
    category: C.TRANSPORT, weight: 3,
    names: ['{road}公共自行车租赁点', '{village}公共自行车站', '{town}公共自行车服务点'],
    hours: ['06:00-22:00', '00:00-24:00'], phone: 0.1, benefitShare: 0.2,
    benefits: ['持平谷人才卡免费骑行1小时', '人才卡用户免押金'],
  },
  CULTURE_VENUE: {
    category: C.ENTERTAINMENT, weight: 4,
    names: ['{town}综合文化中心', '平谷区图书馆{town}分馆', '{village}文化活动室', '{brand}书店', '{town}非遗展示馆'],
    hours: ['09:00-17:00', '09:00-20:30', '10:00-18:00'], phone: 0.8, benefitShare: 0.3,
    benefits: ['持平谷人才卡免费借阅', '持平谷人才卡享优先预约', '持平谷人才卡购书享9折'],
  },
  SPORTS: {
    category: C.ENTERTAINMENT, weight: 5,
    names: ['{town}全民健身中心', '{brand}健身（{road}店）', '{brand}游泳馆', '{village}体育公园', '{brand}羽毛球馆'],
    hours: ['06:00-22:00', '09:00-21:30', '10:00-22:00'], phone: 0.8, benefitShare: 0.35,
    benefits: ['持平谷人才卡享8折', '持平谷人才卡年卡享会员价', '持平谷人才卡免费体验一次'],
  },
  SCENIC_SPOT: {
    category: C.ENTERTAINMENT, weight: 3,
    names: ['{village}桃花海', '{town}{brand}峡谷景区', '{village}民俗文化村', '{brand}山森林公园', '{town}{brand}湖景区'],
    hours: ['08:00-17:30', '07:30-18:00', '08:30-17:00'], phone: 0.9, benefitShare: 0.5,
    benefits: ['持平谷人才卡免门票', '持平谷人才卡门票享5折', '持平谷人才卡本人及家属享门票半价'],
  },
  PARK: {
    category: C.ENTERTAINMENT, weight: 3,
    names: ['{town}公园', '{village}休闲公园', '{road}口袋公园', '{brand}森林公园'],
    hours: ['06:00-21:00', '00:00-24:00', null], phone: 0.3, benefitShare: 0,
    benefits: [],
  },
  CINEMA: {
    category: C.ENTERTAINMENT, weight: 2,
    names: ['{brand}影城（平谷{road}店）', '{brand}国际影城', '{town}数字影院'],
    hours: ['10:00-23:30', '09:30-24:00'], phone: 0.9, benefitShare: 0.5,
    benefits: ['持平谷人才卡观影享7折', '持平谷人才卡每月一张免费观影券', '持平谷人才卡购票立减10元'],
  },
};
