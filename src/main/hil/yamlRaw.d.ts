/** Suite files imported as text (`?raw`): the bundler embeds them, so no install path is needed. */
declare module '*.yaml?raw' {
  const text: string;
  export default text;
}
