export {
  startMollieServer,
  MOLLIE_TEST_API_KEY,
  type MollieServer,
  type MolliePayment,
  type MollieRefund,
  type MollieRequest,
  type MollieStatus,
} from './mollie-server';
