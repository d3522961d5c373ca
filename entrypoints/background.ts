export default defineBackground(() => {
  console.log('arXiv Daily background started');
});
