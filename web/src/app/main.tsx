import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App, preloadFirstScreen } from './App';
import { ApiError } from '../api/client';
import { i18nReady } from './i18n';
import { seedFromServer } from './prefetch';
// One stylesheet cut in order: the cascade depends on this order, so keep it.
import './styles/base.css';
import './styles/blocks.css';
import './styles/home-me.css';
import './styles/shop-shared.css';
import './styles/search-storefront.css';
import './styles/product.css';
import './styles/form-sections.css';
import './styles/console.css';
import './styles/wallet.css';
import './styles/pin-orders.css';
import './styles/tracking.css';
import '../features/social/social.css';
import '../features/social/note.css';
import '../features/social/editor-profile.css';
import '../features/account/privacy.css';
import '../features/campaigns/campaigns.css';
import '../features/disputes/disputes.css';
import '../features/reviews/reviews.css';
import '../features/questions/questions.css';
import '../features/aftersales/aftersales.css';
import '../features/shop/aftersales.css';
import '../features/shop/inbox.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will answer the same again; only retry what may be passing trouble.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

// The server-rendered first screen's data: the first render draws the same page.
seedFromServer(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// The reader's language (English is fetched first when chosen) and the server-rendered page's own
// chunk are in place before anything is drawn.
void Promise.all([i18nReady, preloadFirstScreen(window.location.pathname)]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        {/* Navigations render at once, not as transitions, so a page change and the /me update
            it goes with (login, logout) land together instead of racing each other's redirects. */}
        <BrowserRouter useTransitions={false}>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
