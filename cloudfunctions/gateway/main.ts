import { startGateway } from './server';
import { LOCAL_STANDIN, startPlatformStandIn, type PlatformStandIn } from './platform-standin';
import { isProduction } from '../core/local-data';

/**
 * The platform stand-in for the local run (`PU_PLATFORM_STANDIN=1 npm start`): WeCom and WeChat APIs on loopback, one
 * corp whose users are the demo people's WeCom accounts, and the environment the real client code reads pointed at it.
 */
async function localStandIn(): Promise<PlatformStandIn | null> {
  if (process.env.PU_PLATFORM_STANDIN !== '1' || isProduction()) return null;
  const standIn = await startPlatformStandIn({
    corps: [
      {
        corpId: LOCAL_STANDIN.corpId,
        secret: LOCAL_STANDIN.secret,
        users: { zhangsan: { name: '张三' }, lisi: { name: '李四' }, wangwu: { name: '王五' } },
      },
    ],
    wechatApps: { [LOCAL_STANDIN.appid]: LOCAL_STANDIN.appSecret },
  });
  standIn.oauthAs(LOCAL_STANDIN.corpId, process.env.PU_STANDIN_USER ?? 'zhangsan');
  Object.assign(process.env, {
    PU_WECOM_API_BASE: standIn.wecomBase,
    PU_WECHAT_API_BASE: standIn.wechatBase,
    PU_WECOM_OAUTH_BASE: standIn.oauthBase,
    WECOM_CORP_ID: LOCAL_STANDIN.corpId,
    WECOM_APP_SECRET: LOCAL_STANDIN.secret,
    PU_MINIPROGRAM_APPID: LOCAL_STANDIN.appid,
    WX_APP_SECRET: LOCAL_STANDIN.appSecret,
  });
  console.log(`平台模拟服务已启动：${standIn.url}（企业微信 ${standIn.wecomBase}，微信 ${standIn.wechatBase}）`);
  return standIn;
}

/** `npm run dev:gateway` — API and h5 build on 127.0.0.1:PORT (default 8787). */
async function main() {
  const port = Number(process.env.PORT ?? 8787);
  const standIn = await localStandIn();
  const gateway = await startGateway({ port, staticDir: 'dist/h5', seed: true });
  console.log(`掌上工会已启动：${gateway.url}`);
  const stop = async () => {
    await gateway.close();
    await standIn?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
