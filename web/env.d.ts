/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface ImportMetaEnv {
  /** A tile URL template for the maps (e.g. https://tile.example/{z}/{x}/{y}.png); none by default (offline). */
  readonly VITE_MAP_TILE_URL?: string;
}
