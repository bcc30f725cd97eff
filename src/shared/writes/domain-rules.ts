import { parseIdNumber, type IdNumberParts } from '../validation/gb11643';
import { isValidCreditCode } from '../validation/gb32100';
import { normalizePersonal } from '../pii/personal-data-cipher';
import { CoordSystem, toWgs84, type LatLng } from '../geo';
import { fieldError, FieldErrorCode, type FieldError } from './field-error';

/**
 * The district's bounding box (WGS-84), THE one place it is written: 平谷区 lies within
 * 40.0–40.4 N, 116.85–117.45 E. A box, not the boundary polygon: it also admits slivers of
 * 密云/顺义/河北 along the edges; the town rule below narrows a point to its town.
 */
export const DISTRICT_BOUNDS = { minLatitude: 40.0, maxLatitude: 40.4, minLongitude: 116.85, maxLongitude: 117.45 } as const;

export function isInDistrict(p: LatLng): boolean {
  const b = DISTRICT_BOUNDS;
  return p.latitude >= b.minLatitude && p.latitude <= b.maxLatitude && p.longitude >= b.minLongitude && p.longitude <= b.maxLongitude;
}

/** Mainland mobile numbers: 11 digits starting 13–19 (an optional +86/0086 and separators are accepted). */
const MOBILE = /^1[3-9]\d{9}$/;

export function checkIdNumber(field: string, value: string): { parts: IdNumberParts | null; error: FieldError | null } {
  const parts = parseIdNumber(normalizePersonal('idNumber', value));
  return parts
    ? { parts, error: null }
    : { parts: null, error: fieldError(field, FieldErrorCode.INVALID_ID_NUMBER, '身份证号不符合 GB 11643（位数、出生日期或校验码错误）') };
}

export function checkPhone(field: string, value: string): FieldError | null {
  return MOBILE.test(normalizePersonal('phone', value)) ? null : fieldError(field, FieldErrorCode.INVALID_PHONE, '手机号应为 11 位大陆手机号码');
}

export function checkCreditCode(field: string, value: string): FieldError | null {
  return isValidCreditCode(value.trim().toUpperCase()) ? null : fieldError(field, FieldErrorCode.INVALID_CREDIT_CODE, '统一社会信用代码不符合 GB 32100（字符集或校验码错误）');
}

/** A point given in any coordinate system, as WGS-84, or the error if it lies outside the district. */
export function checkLocation(field: string, point: LatLng, system: CoordSystem = CoordSystem.WGS84): { wgs84: LatLng; error: FieldError | null } {
  const wgs84 = toWgs84(point, system);
  return { wgs84, error: isInDistrict(wgs84) ? null : fieldError(field, FieldErrorCode.OUT_OF_DISTRICT, '坐标不在平谷区范围内（已按所给坐标系换算为 WGS-84）') };
}

/** Planar distance in km, good enough at the district's scale (~50 km). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const kmPerDegLat = 111.32;
  const kmPerDegLng = 111.32 * Math.cos(((a.latitude + b.latitude) / 2) * (Math.PI / 180));
  return Math.hypot((a.latitude - b.latitude) * kmPerDegLat, (a.longitude - b.longitude) * kmPerDegLng);
}

/**
 * The town rule: an organization's town must be the town whose centroid is nearest to its
 * location, or a town whose centroid is at most TOWN_TOLERANCE_KM farther than the nearest one
 * (towns are irregular; centroids are approximate, so a point near a border may be closer to
 * the neighbour's centroid).
 */
export const TOWN_TOLERANCE_KM = 2;

export function checkTown(field: string, point: LatLng, townCode: string, towns: (LatLng & { code: string })[]): FieldError | null {
  const given = towns.find((t) => t.code === townCode);
  if (!given) return fieldError(field, FieldErrorCode.NOT_FOUND, '该街道/乡镇不存在');
  const nearest = Math.min(...towns.map((t) => distanceKm(point, t)));
  return distanceKm(point, given) - nearest <= TOWN_TOLERANCE_KM
    ? null
    : fieldError(field, FieldErrorCode.TOWN_MISMATCH, `所选街道/乡镇与坐标不一致（坐标离其他乡镇中心更近，超过 ${TOWN_TOLERANCE_KM} km）`);
}
