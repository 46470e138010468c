/**
 * What every map of the application shares: the deployment's tile layer if one is configured (天地图 or any
 * XYZ server, session.config.map), else none so that the areas' polygons stand alone offline; the zoom buttons
 * and the popups' close button in the page's language; and a removal that waits for a running zoom animation,
 * whose end would otherwise move the panes of a removed map (Leaflet's `_leaflet_pos` TypeError when a page is
 * left while its map is still drawing).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { i18n } from '../../i18n';
import { session } from '../../stores/session';

/** The jurisdiction's centre (Xiangcheng) until the areas are drawn. */
const START: L.LatLngTuple = [31.45, 120.6];

const texts = () => ({
  zoomIn: i18n.global.t('lifecycle.map.zoomIn'),
  zoomOut: i18n.global.t('lifecycle.map.zoomOut'),
  closePopup: i18n.global.t('maps.closePopup'),
});

/** The place of a request or of a pick: a red dot ringed in white, above the areas. */
export const pointMarker = (at: L.LatLng, radius: number) =>
  L.circleMarker(at, {
    radius,
    color: '#ffffff',
    weight: 3,
    fillColor: '#d42c2c',
    fillOpacity: 1,
    interactive: false,
  });

/** A view as the API takes it (`west,south,east,north`), inside the earth's bounds. */
export function bboxOf(b: L.LatLngBounds): string {
  const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v)).toFixed(6);
  return [
    clamp(b.getWest(), 180),
    clamp(b.getSouth(), 90),
    clamp(b.getEast(), 180),
    clamp(b.getNorth(), 90),
  ].join(',');
}

export function createMap(el: HTMLElement, options: L.MapOptions = {}) {
  const tiles = session.config?.map;
  const map = L.map(el, {
    attributionControl: !!tiles?.tile_url,
    zoomControl: false,
    zoomSnap: 0.25,
    minZoom: 8,
    maxZoom: 18,
    ...options,
  });
  if (tiles?.tile_url)
    L.tileLayer(tiles.tile_url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
  // Leaflet's own credit carries an English title; the name alone reads in every language.
  map.attributionControl?.setPrefix(
    '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>',
  );
  const center = session.config?.jurisdiction?.center;
  map.setView(center ? [center[1]!, center[0]!] : START, 11);

  let zoom: L.Control.Zoom | null = null;
  /** Leaflet's own titles are English: the buttons are made again in the page's language (call it when it changes). */
  const localise = () => {
    const t = texts();
    zoom?.remove();
    zoom = L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut }).addTo(map);
  };
  localise();
  map.on('popupopen', (e: L.PopupEvent) => {
    const close = e.popup.getElement()?.querySelector('.leaflet-popup-close-button');
    close?.setAttribute('aria-label', texts().closePopup);
    close?.setAttribute('title', texts().closePopup);
  });

  let animating = false;
  map.on('zoomanim', () => (animating = true));
  map.on('zoomend', () => (animating = false));
  let removed = false;
  /** Removes the map now, or once the zoom animation under way has ended. */
  const dispose = () => {
    if (removed) return;
    removed = true;
    if (animating) map.once('zoomend', () => map.remove());
    else map.remove();
  };
  return { map, localise, dispose };
}
