import { registerEnumType } from 'type-graphql';

/** 衣、食、住、行、娱: the service map's five categories (第五条(五)). */
export enum ServiceCategory {
  CLOTHING = 'CLOTHING',
  FOOD = 'FOOD',
  HOUSING = 'HOUSING',
  TRANSPORT = 'TRANSPORT',
  ENTERTAINMENT = 'ENTERTAINMENT',
}

export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, string> = {
  [ServiceCategory.CLOTHING]: '衣',
  [ServiceCategory.FOOD]: '食',
  [ServiceCategory.HOUSING]: '住',
  [ServiceCategory.TRANSPORT]: '行',
  [ServiceCategory.ENTERTAINMENT]: '娱',
};

/**
 * Subcategories per category, code → label. A point's subcategory is one of its category's
 * codes; the table is data so that adding one is one entry.
 */
export const SERVICE_SUBCATEGORIES: Record<ServiceCategory, Record<string, string>> = {
  [ServiceCategory.CLOTHING]: {
    MALL: '商场',
    CLOTHING_STORE: '服装店',
    TAILOR: '裁缝定制',
    LAUNDRY: '洗衣店',
  },
  [ServiceCategory.FOOD]: {
    RESTAURANT: '餐厅',
    CANTEEN: '食堂',
    CAFE: '咖啡茶饮',
    SUPERMARKET: '超市',
    FARMERS_MARKET: '农贸市场',
  },
  [ServiceCategory.HOUSING]: {
    TALENT_COURTYARD: '人才小院',
    SERVICED_APARTMENT: '酒店式公寓',
    YOUTH_HOSTEL: '青年驿站',
    PUBLIC_RENTAL: '人才公租房',
    SHARED_OWNERSHIP: '人才共有产权房',
    BLUE_COLLAR_DORM: '蓝领宿舍',
  },
  [ServiceCategory.TRANSPORT]: {
    BUS_STOP: '公交站',
    RAIL_STATION: '轨道交通站',
    EV_CHARGING: '充电站',
    PARKING: '停车场',
    BIKE_HIRE: '公共自行车',
  },
  [ServiceCategory.ENTERTAINMENT]: {
    CULTURE_VENUE: '文化场馆',
    SPORTS: '体育健身',
    SCENIC_SPOT: '景区',
    PARK: '公园',
    CINEMA: '影院',
  },
};

/** Every subcategory code, across categories. */
export const SERVICE_SUBCATEGORY_CODES: string[] = Object.values(SERVICE_SUBCATEGORIES).flatMap((codes) => Object.keys(codes));

/** The label of a subcategory code; a code outside the table shows as itself. */
export function subcategoryLabel(category: ServiceCategory, code: string): string {
  return SERVICE_SUBCATEGORIES[category]?.[code] ?? code;
}

registerEnumType(ServiceCategory, { name: 'ServiceCategory', description: '衣食住行娱: service map categories' });
