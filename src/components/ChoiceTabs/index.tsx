import { Text, View } from '@tarojs/components';

export interface Choice<T> {
  value: T;
  label: string;
  /** A class naming this choice (what tests and styles find it by), e.g. `perks-mode-lottery`. */
  className?: string;
  /** Extra data-* attributes, e.g. `{ 'data-provider': name }`. */
  data?: Record<string, string>;
}

/**
 * A row of chips of which exactly one is chosen (抽签/先到先得, 线下/线上, 不限/a provider …). The area's own chip
 * classes are passed in (`pk-tab`, `bk-tab`), the chosen one gets `<tabClass>--active`.
 */
export default function ChoiceTabs<T>(props: {
  choices: Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  /** The row's classes, e.g. `pk-tabs` or `bk-tabs booking-providers`. */
  className: string;
  /** Each chip's class, e.g. `pk-tab`. */
  tabClass: string;
}) {
  const { choices, value, onChange, className, tabClass } = props;
  return (
    <View className={className}>
      {choices.map((c) => (
        <Text
          key={String(c.value)}
          {...c.data}
          className={[tabClass, c.className, c.value === value ? `${tabClass}--active` : ''].filter(Boolean).join(' ')}
          onClick={() => onChange(c.value)}
        >
          {c.label}
        </Text>
      ))}
    </View>
  );
}
