/**
 * Requests as pins on a Leaflet map, clustered (leaflet.markercluster). The pins of each new view are asked of
 * their source (a bounded endpoint: at most its limit, with the count when the view holds more, which a note on
 * the map says); a pin's popup opens its ticket, a click on a cluster is reported with the cluster's view (and
 * zooms into it). Popups and notes are built as DOM nodes with text content, never HTML from data.
 */
import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import { bboxOf } from './base-map';

export type Pin = {
  key: string;
  lat: number;
  lon: number;
  /** The ticket number, the popup's link. */
  title: string;
  /** Its status, type and place, each a line of the popup. */
  lines: string[];
  /** Where the link goes (for a new tab); a plain click calls `open`. */
  href: string;
  urgent?: boolean;
};
export type PinPage = { pins: Pin[]; total: number; clipped: boolean };
/** The pins of a view `west,south,east,north`. */
export type PinSource = (bbox: string) => Promise<PinPage>;
export type PinTexts = {
  count: (n: number) => string;
  clipped: (shown: number, total: number) => string;
  failed: string;
};

function popupOf(pin: Pin, open: (pin: Pin) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'pin-popup';
  box.dataset.testid = 'pin-popup';
  const link = document.createElement('a');
  link.href = pin.href;
  link.textContent = pin.title;
  link.dataset.testid = 'pin-link';
  link.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    open(pin);
  });
  box.append(link);
  for (const line of pin.lines.filter(Boolean)) {
    const p = document.createElement('div');
    p.textContent = line;
    box.append(p);
  }
  return box;
}

export function addPinsLayer(
  map: L.Map,
  opts: {
    source: PinSource;
    texts: () => PinTexts;
    open: (pin: Pin) => void;
    cluster: (bbox: string) => void;
  },
) {
  let source = opts.source;
  const group = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 48,
    chunkedLoading: true,
    spiderfyOnMaxZoom: true,
  });
  group.on('clusterclick', (e) =>
    opts.cluster(bboxOf((e as L.LeafletEvent & { layer: L.MarkerCluster }).layer.getBounds())),
  );
  group.addTo(map);

  const note = document.createElement('div');
  note.className = 'pins-note';
  note.dataset.testid = 'pins-note';
  const Note = L.Control.extend({ onAdd: () => note });
  const control = new Note({ position: 'bottomleft' }).addTo(map);

  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let gone = false;
  async function load() {
    const mine = ++asked;
    try {
      const page = await source(bboxOf(map.getBounds().pad(0.1)));
      if (gone || mine !== asked) return;
      group.clearLayers();
      group.addLayers(
        page.pins.map((pin) =>
          L.marker([pin.lat, pin.lon], {
            icon: L.divIcon({ className: pin.urgent ? 'req-pin urgent' : 'req-pin', iconSize: [14, 14] }),
            keyboard: true,
            title: pin.title,
          }).bindPopup(() => popupOf(pin, opts.open)),
        ),
      );
      const t = opts.texts();
      note.textContent = page.clipped ? t.clipped(page.pins.length, page.total) : t.count(page.total);
      note.dataset.total = String(page.total);
      note.dataset.shown = String(page.pins.length);
      note.dataset.clipped = String(page.clipped);
    } catch {
      if (!gone && mine === asked) note.textContent = opts.texts().failed;
    }
  }
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 200);
  };
  map.on('moveend', soon);
  soon();

  return {
    /** Another source (the filters changed): its pins for the same view. */
    setSource(s: PinSource) {
      source = s;
      soon();
    },
    remove() {
      gone = true;
      clearTimeout(timer);
      map.off('moveend', soon);
      control.remove();
      group.remove();
    },
  };
}
