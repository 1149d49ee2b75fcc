/** Type-checking stand-in: only h5 has the WeCom JS-SDK (the mini-program has wx.qy); see wecom-jssdk.h5.ts. */
export { inWecom, sdkCancelled, sdkMessage, wecomJssdk } from './wecom-jssdk.h5';
