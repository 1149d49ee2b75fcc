/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform Taro is building for; replaced at build time. */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** The mini-program appid for this build (Taro's special env variable). */
    TARO_APP_ID?: string;
    /** h5: base URL of the functions (`/api` locally; a CloudBase HTTP-access base when hosted there). */
    TARO_APP_API_BASE?: string;
  }
}
