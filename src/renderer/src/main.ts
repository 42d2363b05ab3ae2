import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createClient, setClient } from './api/use-client'
import './assets/base.css'

// the host is known before anything renders: Electron's preload or the web mode's server
setClient(createClient())
createApp(App).use(createPinia()).mount('#app')
