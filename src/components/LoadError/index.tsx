import { Text, View } from '@tarojs/components';
import { NetworkError } from '@nutui/icons-react-taro';
import { Button } from '../nutui';
import './index.scss';

export interface LoadErrorProps {
  /** The Chinese message from the failed call. */
  message: string;
  onRetry: () => void;
  retrying?: boolean;
}

/** A page's data could not be loaded: the reason and a 重新加载 button. */
export default function LoadError({ message, onRetry, retrying }: LoadErrorProps) {
  return (
    <View className='load-error'>
      <NetworkError size={36} color='#c0c4cc' />
      <Text className='load-error__message'>{message}</Text>
      <Button className='load-error__retry' size='small' fill='outline' type='primary' loading={retrying} onClick={onRetry}>
        重新加载
      </Button>
    </View>
  );
}
